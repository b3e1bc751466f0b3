import Graphiti
import Protocols

/// `ChoiceType`: a link from one scene to another.
struct ChoiceType: RelayNode {
    let choice: Choice

    var id: GraphID { NodeID.encode("ChoiceType", choice.id) }
    var mongoId: String { choice.id.hexString }
    var text: String { choice.text }
    var condition: JSONString { JSONString(choice.condition) }
    var order: Int { choice.order }
    var createdAt: DateTime { DateTime(choice.createdAt) }

    func fromSceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType? {
        try await context.loaders.scenes.load(choice.fromSceneId).map(SceneType.init)
    }

    func toSceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType? {
        try await context.loaders.scenes.load(choice.toSceneId).map(SceneType.init)
    }
}

struct ChoiceInput: Codable, Sendable {
    var fromSceneId: GraphID?
    var toSceneId: GraphID?
    var text: String?
    var condition: JSONString?
    var order: Int?
}

struct ChoicePayload: MutationPayload {
    var choice: ChoiceType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> ChoicePayload { ChoicePayload(choice: nil, success: false, message: message) }
}
