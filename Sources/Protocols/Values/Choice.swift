import Foundation

/// A link from one scene to another, shown to the player as an option.
public struct Choice: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var fromSceneId: ObjectId
    public var toSceneId: ObjectId
    public var text: String
    /// A JSON Logic rule deciding whether the choice is offered; `{}` when none.
    public var condition: JSONValue
    public var order: Int
    public var createdAt: Date

    public init(
        id: ObjectId = ObjectId(), fromSceneId: ObjectId, toSceneId: ObjectId, text: String,
        condition: JSONValue = .emptyObject, order: Int = 0, createdAt: Date = Date()
    ) {
        self.id = id
        self.fromSceneId = fromSceneId
        self.toSceneId = toSceneId
        self.text = text
        self.condition = condition
        self.order = order
        self.createdAt = createdAt
    }
}
