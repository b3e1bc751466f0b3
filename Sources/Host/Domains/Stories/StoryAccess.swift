import Domain
import Protocols

/// The story objects a field reaches through another (a scene's scenario, a progress's current
/// scene, a history entry's scene), checked against ``AccessPolicy`` like every root lookup: the
/// loaders batch the reads, the policy decides.
extension APIContext {
    /// The scenario when the viewer may read it. - Throws: `notFound("Scenario")` otherwise.
    func readableScenario(_ id: ObjectId, referencedBy reference: String) async throws -> Scenario {
        let scenario = try await loaders.scenarios.required(id, "Scenario", referencedBy: reference)
        guard access.canRead(scenario) else { throw DomainError.notFound("Scenario") }
        return scenario
    }

    /// The scenario of a progress when the viewer may play it now.
    /// - Throws: `conflict(ProgressService.pausedMessage)` when its author unpublished it.
    func playableScenario(of progress: PlayerProgress) async throws -> Scenario {
        let scenario = try await loaders.scenarios.required(
            progress.scenarioId, "Scenario", referencedBy: "scenarioId of progress \(progress.id.hexString)")
        guard access.canPlay(scenario) else {
            throw DomainError.conflict(ProgressService.pausedMessage)
        }
        return scenario
    }
}
