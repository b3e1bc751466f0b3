import Graphiti
import Protocols

/// The arguments of `ScenarioType.scenes`: Relay pagination both ways, and graphene-mongo's
/// equality filters on the scene's fields.
struct SceneConnectionArgs: Paginatable, Codable, Sendable {
    var first: Int?
    var last: Int?
    var after: String?
    var before: String?
    var id: GraphID?
    var title: String?
    var text: String?
    var order: Int?
    var isStartScene: Bool?
    var isEndScene: Bool?
    var imageId: GraphID?
    var soundId: GraphID?
    var musicId: GraphID?
    var scenarioId: GraphID?
    var createdAt: DateTime?
    var updatedAt: DateTime?
}

/// The filters of ``SceneConnectionArgs`` with their ids decoded; a scene matches when it equals
/// every filter given.
struct SceneFilter {
    private var checks: [(Scene) -> Bool] = []

    /// - Throws: ``APIError/invalidInput(_:)`` for an id argument that is not an id of its type.
    init(_ args: SceneConnectionArgs) throws {
        func id(_ ref: GraphID?, _ type: String, _ argument: String) throws -> ObjectId? {
            try ref.map { try NodeID.decode($0, as: type, argument: argument) }
        }
        if let value = try id(args.id, "SceneType", "id") { checks.append { $0.id == value } }
        if let value = args.title { checks.append { $0.title == value } }
        if let value = args.text { checks.append { $0.text == value } }
        if let value = args.order { checks.append { $0.order == value } }
        if let value = args.isStartScene { checks.append { $0.isStartScene == value } }
        if let value = args.isEndScene { checks.append { $0.isEndScene == value } }
        if let value = try id(args.imageId, "AssetType", "imageId") { checks.append { $0.imageId == value } }
        if let value = try id(args.soundId, "AssetType", "soundId") { checks.append { $0.soundId == value } }
        if let value = try id(args.musicId, "AssetType", "musicId") { checks.append { $0.musicId == value } }
        if let value = try id(args.scenarioId, "ScenarioType", "scenarioId") { checks.append { $0.scenarioId == value } }
        // Stored dates keep milliseconds, as the API shows them.
        if let value = args.createdAt { checks.append { DateTime.format($0.createdAt) == DateTime.format(value.date) } }
        if let value = args.updatedAt { checks.append { DateTime.format($0.updatedAt) == DateTime.format(value.date) } }
    }

    func matches(_ scene: Scene) -> Bool {
        checks.allSatisfy { $0(scene) }
    }
}
