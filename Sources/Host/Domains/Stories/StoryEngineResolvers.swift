import Domain
import Foundation
import Graphiti
import Protocols

struct ExportScenarioArgs: Codable, Sendable { var scenarioId: GraphID; var format: String }
struct ImportScenarioArgs: Codable, Sendable { var format: String; var content: String }

extension RootResolver {
    /// `validateScenario(scenarioId)`: the story's problems, for its author.
    func validateScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> [StoryProblemType] {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        return try await context.services.stories.validate(id, by: context.access).map(StoryProblemType.init)
    }

    /// `exportScenario(scenarioId, format)`: Twee 3 (`twee`) or Twine 2 JSON (`json`) text, for its author.
    func exportScenario(context: APIContext, arguments: ExportScenarioArgs) async throws -> String {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        return try await context.services.stories.export(id, formatName: arguments.format, by: context.access)
    }

    /// `importScenario(format, content)`: a new unpublished scenario from Twee 3, Twine 2 JSON or
    /// Twine 2 archive HTML; all of it or, with the line at fault in `message`, nothing.
    func importScenario(context: APIContext, arguments: ImportScenarioArgs) async throws -> ScenarioPayload<Op.Import> {
        try await context.mutation {
            let scenario = try await context.services.stories.importStory(
                formatName: arguments.format, content: arguments.content, by: context.access)
            context.loaders.prepare(scenarios: [scenario])
            return ScenarioPayload(scenario: ScenarioType(scenario: scenario), success: true, message: "Scenario imported")
        }
    }
}

/// The story engine's part of the schema: validation and Twine interchange.
enum StoryEngineSchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Type(StoryProblemType.self, as: "StoryProblemType") {
                    Field("code", at: \.code)
                    Field("severity", at: \.severity)
                    Field("message", at: \.message)
                    Field("sceneId", at: \.sceneId)
                    Field("choiceId", at: \.choiceId)
                }
                Type(ScenarioPayload<Op.Import>.self, as: "ImportScenario") {
                    Field("scenario", at: \.scenario)
                    Field("success", at: \.success)
                    Field("message", at: \.message)
                }
            },
            query: {
                Field("validateScenario", at: RootResolver.validateScenario) { Argument("scenarioId", at: \.scenarioId) }
                Field("exportScenario", at: RootResolver.exportScenario) {
                    Argument("scenarioId", at: \.scenarioId)
                    Argument("format", at: \.format)
                }
            },
            mutation: {
                Field("importScenario", at: RootResolver.importScenario) {
                    Argument("format", at: \.format)
                    Argument("content", at: \.content)
                }
            }
        )
    }
}
