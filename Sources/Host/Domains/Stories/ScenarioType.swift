import Graphiti
import Protocols

/// `ScenarioType`: a story.
struct ScenarioType: RelayNode {
    let scenario: Scenario

    var id: GraphID { NodeID.encode("ScenarioType", scenario.id) }
    var mongoId: String { scenario.id.hexString }
    var title: String { scenario.title }
    var description: String { scenario.description }
    var isPublished: Bool { scenario.isPublished }
    var createdAt: DateTime { DateTime(scenario.createdAt) }
    var updatedAt: DateTime { DateTime(scenario.updatedAt) }

    func authorId(context: APIContext, arguments: NoArguments) async throws -> UserType? {
        try await context.loaders.users.load(scenario.authorId).map(UserType.init)
    }

    /// The scenes, ordered by `order`.
    func scenesList(context: APIContext, arguments: NoArguments) async throws -> [SceneType] {
        let scenes = try await context.loaders.scenesOfScenario.load(scenario.id) ?? []
        await context.loaders.prepare(scenes: scenes)
        return scenes.map(SceneType.init)
    }

    /// The scenes as a Relay connection.
    func scenes(context: APIContext, arguments: PageArgs) async throws -> Connection<SceneType> {
        if let first = arguments.first, first < 0 { throw APIError.invalidInput("first must not be negative") }
        let list = try await scenesList(context: context, arguments: NoArguments())
        return try list.connection(from: arguments, makeCursor: { $0.id.value })
    }
}

/// `first`/`after` of a forward Relay connection.
struct PageArgs: ForwardPaginatable, Sendable {
    var first: Int?
    var after: String?
}

struct ScenarioInput: Codable, Sendable {
    var title: String?
    var description: String?
    var isPublished: Bool?
}

struct ScenarioPayload: MutationPayload {
    var scenario: ScenarioType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> ScenarioPayload { ScenarioPayload(scenario: nil, success: false, message: message) }
}
