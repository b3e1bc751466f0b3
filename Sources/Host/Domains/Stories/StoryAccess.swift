import Protocols

/// Who may see and change stories: published scenarios are visible to everyone, unpublished ones
/// to their author only; a scenario, its scenes and choices are changed by its author only.
extension APIContext {
    func canSee(_ scenario: Scenario) -> Bool {
        scenario.isPublished || scenario.authorId == viewer?.id
    }

    /// The scenario when the viewer may see it. - Throws: `notFound` otherwise.
    func visibleScenario(_ id: ObjectId) async throws -> Scenario {
        guard let scenario = try await loaders.scenarios.load(id), canSee(scenario) else {
            throw APIError.notFound("Scenario")
        }
        return scenario
    }

    /// The scenario when the viewer wrote it.
    /// - Throws: `authenticationRequired`, `notFound` (also when invisible), or `permissionDenied`.
    func authoredScenario(_ id: ObjectId) async throws -> Scenario {
        let user = try requireUser()
        guard let scenario = try await store.scenarios(ids: [id]).first, canSee(scenario) else {
            throw APIError.notFound("Scenario")
        }
        guard scenario.authorId == user.id else { throw APIError.permissionDenied }
        return scenario
    }

    /// The scene and its scenario when the viewer wrote it (same errors as ``authoredScenario(_:)``).
    func authoredScene(_ id: ObjectId) async throws -> (Scene, Scenario) {
        _ = try requireUser()
        guard let scene = try await store.scenes(ids: [id]).first else { throw APIError.notFound("Scene") }
        return (scene, try await authoredScenario(scene.scenarioId))
    }

    /// The scene when its scenario is visible. - Throws: `notFound`.
    func visibleScene(_ id: ObjectId) async throws -> Scene {
        guard let scene = try await loaders.scenes.load(id) else { throw APIError.notFound("Scene") }
        do {
            _ = try await visibleScenario(scene.scenarioId)
        } catch APIError.notFound {
            throw APIError.notFound("Scene")
        }
        return scene
    }
}
