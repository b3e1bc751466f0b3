import Protocols

/// What a scenario creation or update sets; `nil` leaves a field as it is (a creation needs `title`).
public struct ScenarioChanges: Sendable {
    public var title: String?
    public var description: String?
    public var isPublished: Bool?
    /// The story variables it declares, name → initial value (a JSON object).
    public var variables: JSONValue?

    public init(title: String? = nil, description: String? = nil, isPublished: Bool? = nil, variables: JSONValue? = nil) {
        self.title = title
        self.description = description
        self.isPublished = isPublished
        self.variables = variables
    }
}

/// What a scene creation or update sets; `nil` leaves a field as it is (a creation needs `title`).
public struct SceneChanges: Sendable {
    public var title: String?
    public var text: String?
    public var order: Int?
    public var isStartScene: Bool?
    public var isEndScene: Bool?
    public var position: Position?
    /// The media slots to write: an asset id, or `nil` to empty the slot. A slot not in the
    /// dictionary keeps what is stored (also what a generation job attaches meanwhile).
    public var slots: [SceneSlot: ObjectId?]

    public init(
        title: String? = nil, text: String? = nil, order: Int? = nil, isStartScene: Bool? = nil, isEndScene: Bool? = nil,
        position: Position? = nil, slots: [SceneSlot: ObjectId?] = [:]
    ) {
        self.title = title
        self.text = text
        self.order = order
        self.isStartScene = isStartScene
        self.isEndScene = isEndScene
        self.position = position
        self.slots = slots
    }
}

/// What a choice creation or update sets; `nil` leaves a field as it is (a creation needs
/// `toSceneId` and `text`).
public struct ChoiceChanges: Sendable {
    public var toSceneId: ObjectId?
    public var text: String?
    public var condition: JSONValue?
    /// What taking it does to the story variables (a JSON array of `set`/`add` effects).
    public var effects: JSONValue?
    public var order: Int?

    public init(
        toSceneId: ObjectId? = nil, text: String? = nil, condition: JSONValue? = nil, effects: JSONValue? = nil,
        order: Int? = nil
    ) {
        self.toSceneId = toSceneId
        self.text = text
        self.condition = condition
        self.effects = effects
        self.order = order
    }
}

extension SceneSlot {
    /// The argument that names this slot (`imageId`, `soundId`, `musicId`), for messages.
    public var argument: String { "\(rawValue)Id" }
}
