import Foundation

/// A link from one scene to another, shown to the player as an option.
public struct Choice: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var fromSceneId: ObjectId
    public var toSceneId: ObjectId
    public var text: String
    /// A JSON Logic rule deciding whether the choice is offered; `{}` when none.
    public var condition: JSONValue
    /// What taking the choice does to the story variables: a JSON array of `{"set": name, "value": v}`
    /// and `{"add": name, "value": n}`; `[]` when none (and for documents written before it existed).
    public var effects: JSONValue
    public var order: Int
    public var createdAt: Date

    public init(
        id: ObjectId = ObjectId(), fromSceneId: ObjectId, toSceneId: ObjectId, text: String,
        condition: JSONValue = .emptyObject, effects: JSONValue = .emptyArray, order: Int = 0,
        createdAt: Date = Date()
    ) {
        self.id = id
        self.fromSceneId = fromSceneId
        self.toSceneId = toSceneId
        self.text = text
        self.condition = condition
        self.effects = effects
        self.order = order
        self.createdAt = createdAt
    }
}
