import Foundation

/// Where a scene sits in the editor's graph.
public struct Position: Hashable, Codable, Sendable {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// The three media a scene can carry.
public enum SceneSlot: String, Codable, Sendable, CaseIterable {
    case image
    case sound
    case music
}

/// One page of a story.
public struct Scene: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var scenarioId: ObjectId
    public var title: String
    public var text: String
    public var order: Int
    public var imageId: ObjectId?
    public var soundId: ObjectId?
    public var musicId: ObjectId?
    public var isStartScene: Bool
    public var isEndScene: Bool
    public var position: Position?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), scenarioId: ObjectId, title: String, text: String = "", order: Int = 0,
        imageId: ObjectId? = nil, soundId: ObjectId? = nil, musicId: ObjectId? = nil,
        isStartScene: Bool = false, isEndScene: Bool = false, position: Position? = nil,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.scenarioId = scenarioId
        self.title = title
        self.text = text
        self.order = order
        self.imageId = imageId
        self.soundId = soundId
        self.musicId = musicId
        self.isStartScene = isStartScene
        self.isEndScene = isEndScene
        self.position = position
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// The asset in `slot`.
    public subscript(slot: SceneSlot) -> ObjectId? {
        get {
            switch slot {
            case .image: imageId
            case .sound: soundId
            case .music: musicId
            }
        }
        set {
            switch slot {
            case .image: imageId = newValue
            case .sound: soundId = newValue
            case .music: musicId = newValue
            }
        }
    }

    /// The ids of the assets the scene references.
    public var assetIds: [ObjectId] { [imageId, soundId, musicId].compactMap { $0 } }
}
