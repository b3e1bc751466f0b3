import Domain
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
    var variables: JSONString { JSONString(scenario.variables) }
    /// Its IFID for Twine; scenarios stored before IFIDs were kept answer one derived from their id.
    var ifid: String { scenario.ifid ?? TwineIFID.derived(from: scenario.id) }
    var createdAt: DateTime { DateTime(scenario.createdAt) }
    var updatedAt: DateTime { DateTime(scenario.updatedAt) }

    func authorId(context: APIContext, arguments: NoArguments) async throws -> UserType {
        UserType(user: try await context.loaders.users.required(
            scenario.authorId, "User", referencedBy: "authorId of scenario \(scenario.id.hexString)"))
    }

    /// The scenes, ordered by `order`. The list is nullable, as the old server's was: a scene whose
    /// non-null field fails (a dangling reference) nulls the list, not its parent.
    func scenesList(context: APIContext, arguments: NoArguments) async throws -> [SceneType]? {
        try await sceneTypes(context)
    }

    func sceneTypes(_ context: APIContext) async throws -> [SceneType] {
        let scenes = try await context.loaders.scenesOfScenario.load(scenario.id) ?? []
        context.loaders.prepare(scenes: scenes)
        return scenes.map(SceneType.init)
    }

    /// The scenes as a Relay connection, filtered as graphene-mongo filtered them (each argument
    /// given is an equality on that field).
    func scenes(context: APIContext, arguments: SceneConnectionArgs) async throws -> Connection<SceneType> {
        if let first = arguments.first, first < 0 { throw APIError.invalidInput("first must not be negative") }
        if let last = arguments.last, last < 0 { throw APIError.invalidInput("last must not be negative") }
        let filter = try SceneFilter(arguments)
        let list = try await sceneTypes(context).filter { filter.matches($0.scene) }
        return try list.connection(from: arguments, makeCursor: { $0.id.value })
    }
}

/// `CreateScenarioInput` and `UpdateScenarioInput`.
struct ScenarioInput<Kind>: Codable, Sendable {
    var title: String?
    var description: String?
    var isPublished: Bool?
    var variables: JSONString?
}

/// `CreateScenario` and `UpdateScenario`.
struct ScenarioPayload<Kind>: MutationPayload {
    var scenario: ScenarioType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> Self { Self(scenario: nil, success: false, message: message) }
}
