import Foundation
import Protocols

extension StoryService {
    /// The problems ``StoryValidator`` finds in a scenario of the viewer's, for its author.
    /// - Throws: `forbidden`, `notFound("Scenario")`.
    public func validate(_ scenarioId: ObjectId, by access: AccessPolicy) async throws -> [StoryProblem] {
        try await DomainError.translating {
            let scenario = try await authoredScenario(scenarioId, by: access)
            return try await problems(of: scenario)
        }
    }

    /// The story's problems: its scenes, the choices leaving them, and the scenes of other scenarios
    /// some choice leads to (so that such a choice reads as foreign, not missing). Three store reads.
    func problems(of scenario: Scenario) async throws -> [StoryProblem] {
        let scenes = try await store.scenes(scenarioIds: [scenario.id])
        let choices = try await store.choices(fromSceneIds: scenes.map(\.id))
        let known = Set(scenes.map(\.id))
        let outside = Set(choices.map(\.toSceneId)).subtracting(known)
        let foreign = outside.isEmpty ? [] : try await store.scenes(ids: Array(outside))
        return StoryValidator.validate(
            scenario: scenario, scenes: scenes + foreign, choices: choices, variables: scenario.variables,
            effects: Dictionary(choices.map { ($0.id, $0.effects) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Refuses to publish a story with errors (warnings pass), listing them.
    /// - Throws: `invalid(field: "isPublished")` naming each error.
    func requirePublishable(_ scenario: Scenario) async throws {
        let errors = try await problems(of: scenario).errors
        guard !errors.isEmpty else { return }
        let shown = errors.prefix(10).map { "\($0.code.rawValue): \($0.message)" }
        let more = errors.count > 10 ? "; and \(errors.count - 10) more" : ""
        throw DomainError.invalid(
            field: "isPublished",
            reason: "This story cannot be published: \(errors.count) error\(errors.count == 1 ? "" : "s") "
                + "(validateScenario lists them): " + shown.joined(separator: "; ") + more)
    }
}
