import Domain
import Foundation
import GraphQL
import Graphiti
import Protocols

struct AllScenariosArgs: Codable, Sendable { var publishedOnly: Bool? }
struct ScenarioIDArgs: Codable, Sendable { var scenarioId: GraphID }
struct AuthorIDArgs: Codable, Sendable { var authorId: GraphID }
struct CreateScenarioArgs: Codable, Sendable { var input: ScenarioInput<Op.Create> }
struct UpdateScenarioArgs: Codable, Sendable { var scenarioId: GraphID; var input: ScenarioInput<Op.Update> }

extension RootResolver {
    func allScenarios(context: APIContext, arguments: AllScenariosArgs) async throws -> [ScenarioType]? {
        let scenarios = try await context.services.stories.scenarios(
            publishedOnly: arguments.publishedOnly == true, by: context.access)
        return await context.scenarioTypes(scenarios)
    }

    func scenarioById(context: APIContext, arguments: ScenarioIDArgs) async throws -> ScenarioType? {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        guard let scenario = try await context.readable({ try await context.services.stories.scenario(id, by: context.access) }) else { return nil }
        return await context.scenarioTypes([scenario]).first
    }

    func scenariosByAuthor(context: APIContext, arguments: AuthorIDArgs) async throws -> [ScenarioType]? {
        let id = try NodeID.decode(arguments.authorId, as: "UserType", argument: "authorId")
        return await context.scenarioTypes(try await context.services.stories.scenarios(byAuthor: id, by: context.access))
    }

    func createScenario(context: APIContext, arguments: CreateScenarioArgs) async throws -> ScenarioPayload<Op.Create> {
        try await context.mutation {
            let scenario = try await context.services.stories.createScenario(arguments.input.changes, by: context.access)
            return ScenarioPayload(scenario: ScenarioType(scenario: scenario), success: true, message: "Scenario created")
        }
    }

    func updateScenario(context: APIContext, arguments: UpdateScenarioArgs) async throws -> ScenarioPayload<Op.Update> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
            let scenario = try await context.services.stories.updateScenario(id, arguments.input.changes, by: context.access)
            return ScenarioPayload(scenario: ScenarioType(scenario: scenario), success: true, message: "Scenario updated")
        }
    }

    func deleteScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> DeletePayload<Scenario> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
            let summary = try await context.services.stories.deleteScenario(id, by: context.access)
            return DeletePayload(
                success: true,
                message: "Scenario deleted with \(summary.scenes) scenes, \(summary.choices) choices and \(summary.assets.count) assets")
        }
    }
}

extension ScenarioInput {
    var changes: ScenarioChanges { ScenarioChanges(title: title, description: description, isPublished: isPublished, variables: variables?.value) }
}

extension APIContext {
    /// Wraps scenarios for output and announces what their fields load.
    func scenarioTypes(_ scenarios: [Scenario]) async -> [ScenarioType] {
        loaders.prepare(scenarios: scenarios)
        return scenarios.map(ScenarioType.init)
    }

    /// The value, or `nil` when the service answers `notFound` (for nullable lookups by id, which
    /// answer `null` for what does not exist or may not be seen).
    func readable<T>(_ lookup: () async throws -> T) async throws -> T? {
        do {
            return try await lookup()
        } catch DomainError.notFound {
            return nil
        }
    }
}

// The compiled path reads these without `MapDecoder` (``PlainArguments``).
extension ScenarioIDArgs: PlainArguments {
    init?(plain arguments: Map) { guard let id = arguments.plainID("scenarioId") else { return nil }; self.init(scenarioId: id) }
}

extension AuthorIDArgs: PlainArguments {
    init?(plain arguments: Map) { guard let id = arguments.plainID("authorId") else { return nil }; self.init(authorId: id) }
}

extension AllScenariosArgs: PlainArguments {
    init?(plain arguments: Map) {
        guard let publishedOnly = arguments.plainOptionalBool("publishedOnly") else { return nil }
        self.init(publishedOnly: publishedOnly)
    }
}
