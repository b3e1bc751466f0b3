import Foundation
import Graphiti
import Protocols

struct AllScenariosArgs: Codable, Sendable { var publishedOnly: Bool? }
struct ScenarioIDArgs: Codable, Sendable { var scenarioId: GraphID }
struct AuthorIDArgs: Codable, Sendable { var authorId: GraphID }
struct CreateScenarioArgs: Codable, Sendable { var input: ScenarioInput<Op.Create> }
struct UpdateScenarioArgs: Codable, Sendable { var scenarioId: GraphID; var input: ScenarioInput<Op.Update> }

extension RootResolver {
    func allScenarios(context: APIContext, arguments: AllScenariosArgs) async throws -> [ScenarioType]? {
        let filter: ScenarioFilter
        if arguments.publishedOnly == true || context.viewer == nil {
            filter = .published
        } else {
            filter = .visible(to: context.viewer!.id)
        }
        return try await context.scenarioTypes(context.store.scenarios(filter))
    }

    func scenarioById(context: APIContext, arguments: ScenarioIDArgs) async throws -> ScenarioType? {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        guard let scenario = try await context.loaders.scenarios.load(id), context.canSee(scenario) else { return nil }
        return try await context.scenarioTypes([scenario]).first
    }

    func scenariosByAuthor(context: APIContext, arguments: AuthorIDArgs) async throws -> [ScenarioType]? {
        let id = try NodeID.decode(arguments.authorId, as: "UserType", argument: "authorId")
        let scenarios = try await context.store.scenarios(.author(id)).filter(context.canSee)
        return try await context.scenarioTypes(scenarios)
    }

    func createScenario(context: APIContext, arguments: CreateScenarioArgs) async throws -> ScenarioPayload<Op.Create> {
        let admin = try context.requireAdmin()
        return try await context.mutation {
            let input = arguments.input
            guard let title = input.title else { throw APIError.invalidInput("title is required") }
            try Validate.length(title, field: "title", max: 200, required: true)
            try Validate.length(input.description ?? "", field: "description", max: 1000)
            let scenario = Scenario(
                title: title, description: input.description ?? "", authorId: admin.id,
                isPublished: input.isPublished ?? false)
            try await context.store.insertScenario(scenario)
            return ScenarioPayload(scenario: ScenarioType(scenario: scenario), success: true, message: "Scenario created")
        }
    }

    func updateScenario(context: APIContext, arguments: UpdateScenarioArgs) async throws -> ScenarioPayload<Op.Update> {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        var scenario = try await context.authoredScenario(id)
        return try await context.mutation {
            let input = arguments.input
            if let title = input.title {
                try Validate.length(title, field: "title", max: 200, required: true)
                scenario.title = title
            }
            if let description = input.description {
                try Validate.length(description, field: "description", max: 1000)
                scenario.description = description
            }
            if let isPublished = input.isPublished { scenario.isPublished = isPublished }
            scenario.updatedAt = Date()
            try await context.store.updateScenario(scenario)
            return ScenarioPayload(scenario: ScenarioType(scenario: scenario), success: true, message: "Scenario updated")
        }
    }

    func deleteScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> DeletePayload<Scenario> {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        _ = try await context.authoredScenario(id)
        return try await context.mutation {
            guard let summary = try await context.store.deleteScenario(id: id) else { throw APIError.notFound("Scenario") }
            await context.removeFiles(of: summary.assets)
            return DeletePayload(
                success: true,
                message: "Scenario deleted with \(summary.scenes) scenes, \(summary.choices) choices and \(summary.assets.count) assets")
        }
    }
}

extension APIContext {
    /// Wraps scenarios for output and announces what their fields load.
    func scenarioTypes(_ scenarios: [Scenario]) async throws -> [ScenarioType] {
        await loaders.prepare(scenarios: scenarios)
        return scenarios.map(ScenarioType.init)
    }
}
