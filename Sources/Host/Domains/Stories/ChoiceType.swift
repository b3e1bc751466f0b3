import Graphiti
import Protocols

/// `ChoiceType`: a link from one scene to another.
struct ChoiceType: RelayNode {
    let choice: Choice

    var id: GraphID { NodeID.encode("ChoiceType", choice.id) }
    var mongoId: String { choice.id.hexString }
    var text: String { choice.text }
    var condition: JSONString { JSONString(choice.condition) }
    var effects: JSONString { JSONString(choice.effects) }
    var order: Int { choice.order }
    var createdAt: DateTime { DateTime(choice.createdAt) }

    func fromSceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType {
        SceneType(scene: try await context.loaders.scenes.required(
            choice.fromSceneId, "Scene", referencedBy: "fromSceneId of choice \(choice.id.hexString)"))
    }

    func toSceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType? {
        try await context.loaders.scenes.load(choice.toSceneId).map(SceneType.init)
    }
}

/// `CreateChoiceInput` and `UpdateChoiceInput`.
struct ChoiceInput<Kind>: Codable, Sendable {
    var fromSceneId: GraphID?
    var toSceneId: GraphID?
    var text: String?
    var condition: JSONString?
    var effects: JSONString?
    var order: Int?
}

/// `CreateChoice` and `UpdateChoice`.
struct ChoicePayload<Kind>: MutationPayload {
    var choice: ChoiceType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> Self { Self(choice: nil, success: false, message: message) }
}
