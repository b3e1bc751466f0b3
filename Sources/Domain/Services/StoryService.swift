import Foundation
import Protocols

/// Stories: scenarios, their scenes and their choices. Everyone reads published stories; authors
/// read and change their own (see ``AccessPolicy``).
public struct StoryService: Sendable {
    let store: any StoryStore
    let assets: AssetService

    public init(store: any StoryStore, assets: AssetService) {
        self.store = store
        self.assets = assets
    }

    // MARK: Reading

    /// The scenarios the viewer may read: published ones, and (unless `publishedOnly`) their own.
    public func scenarios(publishedOnly: Bool, by access: AccessPolicy) async throws -> [Scenario] {
        try await DomainError.translating { try await store.scenarios(access.readableScenarios(publishedOnly: publishedOnly)) }
    }

    /// The scenarios of an author that the viewer may read.
    public func scenarios(byAuthor authorId: ObjectId, by access: AccessPolicy) async throws -> [Scenario] {
        try await DomainError.translating { try await store.scenarios(.author(authorId)).filter(access.canRead) }
    }

    /// The scenario when the viewer may read it. - Throws: `notFound("Scenario")` otherwise.
    public func scenario(_ id: ObjectId, by access: AccessPolicy) async throws -> Scenario {
        try await DomainError.translating {
            guard let scenario = try await store.scenarios(ids: [id]).first, access.canRead(scenario) else {
                throw DomainError.notFound("Scenario")
            }
            return scenario
        }
    }

    /// The scene when the viewer may read its scenario. - Throws: `notFound("Scene")` otherwise.
    public func scene(_ id: ObjectId, by access: AccessPolicy) async throws -> Scene {
        try await DomainError.translating {
            guard let scene = try await store.scenes(ids: [id]).first,
                let scenario = try await store.scenarios(ids: [scene.scenarioId]).first, access.canRead(scenario)
            else { throw DomainError.notFound("Scene") }
            return scene
        }
    }

    /// The scenes of a scenario the viewer may read, ordered. - Throws: `notFound("Scenario")`.
    public func scenes(ofScenario id: ObjectId, by access: AccessPolicy) async throws -> [Scene] {
        try await DomainError.translating {
            let scenario = try await scenario(id, by: access)
            return try await store.scenes(scenarioIds: [scenario.id])
        }
    }

    /// The choice when the viewer may read its story. - Throws: `notFound("Choice")` otherwise.
    public func choice(_ id: ObjectId, by access: AccessPolicy) async throws -> Choice {
        try await DomainError.translating {
            guard let choice = try await store.choices(ids: [id]).first else { throw DomainError.notFound("Choice") }
            do {
                _ = try await scene(choice.fromSceneId, by: access)
            } catch DomainError.notFound {
                throw DomainError.notFound("Choice")
            }
            return choice
        }
    }

    /// The choices leaving a scene the viewer may read, ordered. - Throws: `notFound("Scene")`.
    public func choices(ofScene id: ObjectId, by access: AccessPolicy) async throws -> [Choice] {
        try await DomainError.translating {
            let scene = try await scene(id, by: access)
            return try await store.choices(fromSceneIds: [scene.id])
        }
    }

    // MARK: Scenarios

    /// A new scenario, written by the viewer (an admin). - Throws: `forbidden`, `invalid`.
    public func createScenario(_ changes: ScenarioChanges, by access: AccessPolicy) async throws -> Scenario {
        try await DomainError.translating {
            let author = try access.mayCreateScenario()
            guard let title = changes.title else { throw DomainError.invalid(field: "title", reason: "title is required") }
            var scenario = Scenario(title: title, authorId: author.id, ifid: TwineIFID.make())
            try Self.apply(changes, to: &scenario)
            // Not checked for publishing: a new scenario has no scenes yet, and the old editor creates
            // stories published. Publishing a draft later (``updateScenario(_:_:by:)``) is checked.
            try await store.insertScenario(scenario)
            return scenario
        }
    }

    /// Changes a scenario of the viewer's. Publishing a draft refuses a story with errors
    /// (``validate(_:by:)``; warnings pass), naming them. Unpublishing it pauses its players (their
    /// progress is kept; see ``ProgressService``). - Throws: `forbidden`, `notFound("Scenario")`, `invalid`.
    public func updateScenario(_ id: ObjectId, _ changes: ScenarioChanges, by access: AccessPolicy) async throws -> Scenario {
        try await DomainError.translating {
            var scenario = try await authoredScenario(id, by: access)
            let wasPublished = scenario.isPublished
            try Self.apply(changes, to: &scenario)
            if scenario.isPublished && !wasPublished { try await requirePublishable(scenario) }
            scenario.updatedAt = Date()
            try await store.updateScenario(scenario)
            return scenario
        }
    }

    /// Deletes a scenario of the viewer's with its scenes, their choices and the progress on it, then
    /// the assets of its author that no other scene uses, files included (the rule is
    /// ``AssetService/deleteUnused(_:uploadedBy:)``). The summary lists the deleted assets.
    /// - Throws: `forbidden`, `notFound("Scenario")`.
    public func deleteScenario(_ id: ObjectId, by access: AccessPolicy) async throws -> DeletionSummary {
        try await DomainError.translating {
            let scenario = try await authoredScenario(id, by: access)
            guard var summary = try await store.deleteScenario(id: id) else { throw DomainError.notFound("Scenario") }
            summary.assets = try await assets.deleteUnused(summary.referencedAssetIds, uploadedBy: scenario.authorId)
            return summary
        }
    }

    /// The scenario when the viewer wrote it. - Throws: `forbidden(.signInRequired)`,
    /// `notFound("Scenario")` (also when the viewer may not read it), or `forbidden(.notPermitted)`.
    public func authoredScenario(_ id: ObjectId, by access: AccessPolicy) async throws -> Scenario {
        try await DomainError.translating {
            _ = try access.signedIn()
            guard let scenario = try await store.scenarios(ids: [id]).first, access.canRead(scenario) else {
                throw DomainError.notFound("Scenario")
            }
            try access.require(access.canChange(scenario))
            return scenario
        }
    }

    static func apply(_ changes: ScenarioChanges, to scenario: inout Scenario) throws {
        if let title = changes.title {
            try Validate.length(title, field: "title", max: 200, required: true)
            scenario.title = title
        }
        if let description = changes.description {
            try Validate.length(description, field: "description", max: 1000)
            scenario.description = description
        }
        if let isPublished = changes.isPublished { scenario.isPublished = isPublished }
        if let variables = changes.variables {
            do {
                _ = try StoryVariables.parse(variables)
            } catch {
                throw DomainError.invalid(field: "variables", reason: "variables: \(error)")
            }
            scenario.variables = variables == .null ? .emptyObject : variables
        }
    }

    // MARK: Scenes

    /// A new scene in a scenario of the viewer's. - Throws: `forbidden`, `notFound`, `invalid`.
    public func createScene(inScenario scenarioId: ObjectId, _ changes: SceneChanges, by access: AccessPolicy) async throws -> Scene {
        try await DomainError.translating {
            _ = try await authoredScenario(scenarioId, by: access)
            guard let title = changes.title else { throw DomainError.invalid(field: "title", reason: "title is required") }
            var scene = Scene(scenarioId: scenarioId, title: title)
            try await apply(changes, to: &scene, by: access)
            try await store.insertScene(scene)
            return scene
        }
    }

    /// Changes a scene of the viewer's; only the media slots `changes` names are written.
    /// - Throws: `forbidden`, `notFound`, `invalid`.
    public func updateScene(_ id: ObjectId, _ changes: SceneChanges, by access: AccessPolicy) async throws -> Scene {
        try await DomainError.translating {
            var (scene, _) = try await authoredScene(id, by: access)
            try await apply(changes, to: &scene, by: access)
            scene.updatedAt = Date()
            // Only the slots the input sets are written: an asset a generation job attaches to
            // another slot while this runs (after the read above) stays.
            try await store.updateScene(scene, slots: Set(changes.slots.keys))
            return scene
        }
    }

    /// Deletes a scene of the viewer's and the choices from and to it; returns how many choices went.
    public func deleteScene(_ id: ObjectId, by access: AccessPolicy) async throws -> DeletionSummary {
        try await DomainError.translating {
            _ = try await authoredScene(id, by: access)
            guard let summary = try await store.deleteScene(id: id) else { throw DomainError.notFound("Scene") }
            return summary
        }
    }

    /// The scene and its scenario when the viewer wrote it (same errors as ``authoredScenario(_:by:)``).
    public func authoredScene(_ id: ObjectId, by access: AccessPolicy) async throws -> (Scene, Scenario) {
        try await DomainError.translating {
            _ = try access.signedIn()
            guard let scene = try await store.scenes(ids: [id]).first else { throw DomainError.notFound("Scene") }
            return (scene, try await authoredScenario(scene.scenarioId, by: access))
        }
    }

    private func apply(_ changes: SceneChanges, to scene: inout Scene, by access: AccessPolicy) async throws {
        if let title = changes.title {
            try Validate.length(title, field: "title", max: 200, required: true)
            scene.title = title
        }
        if let text = changes.text {
            try Validate.length(text, field: "text", max: 20_000)
            scene.text = text
        }
        if let order = changes.order {
            guard order >= 0 else { throw DomainError.invalid(field: "order", reason: "order must not be negative") }
            scene.order = order
        }
        if let isStart = changes.isStartScene { scene.isStartScene = isStart }
        if let isEnd = changes.isEndScene { scene.isEndScene = isEnd }
        if let position = changes.position {
            guard position.x.isFinite, position.y.isFinite else {
                throw DomainError.invalid(field: "position", reason: "position must be finite numbers")
            }
            scene.position = position
        }
        for slot in SceneSlot.allCases {
            guard let change = changes.slots[slot] else { continue }
            guard let assetId = change else {
                scene[slot] = nil
                continue
            }
            // An author attaches their own assets and public ones, never another user's private asset.
            guard let asset = try await store.assets(ids: [assetId]).first, access.canAttach(asset) else {
                throw DomainError.notFound("Asset \(slot.argument)")
            }
            scene[slot] = asset.id
        }
    }

    // MARK: Choices

    /// A new choice from a scene of the viewer's to a scene of the same scenario.
    /// - Throws: `forbidden`, `notFound`, `invalid`.
    public func createChoice(from fromSceneId: ObjectId, _ changes: ChoiceChanges, by access: AccessPolicy) async throws -> Choice {
        try await DomainError.translating {
            let (from, _) = try await authoredScene(fromSceneId, by: access)
            guard let toId = changes.toSceneId else { throw DomainError.invalid(field: "toSceneId", reason: "toSceneId is required") }
            guard let text = changes.text else { throw DomainError.invalid(field: "text", reason: "text is required") }
            let to = try await sceneInSameScenario(toId, as: from)
            var choice = Choice(fromSceneId: from.id, toSceneId: to.id, text: text)
            try Self.apply(changes, to: &choice)
            try await store.insertChoice(choice)
            return choice
        }
    }

    /// The choice and the scene it leaves when the viewer wrote them (same errors as
    /// ``authoredScenario(_:by:)``, `notFound("Choice")`).
    public func authoredChoice(_ id: ObjectId, by access: AccessPolicy) async throws -> (Choice, Scene) {
        try await DomainError.translating {
            _ = try access.signedIn()
            guard let choice = try await store.choices(ids: [id]).first else { throw DomainError.notFound("Choice") }
            let (from, _) = try await authoredScene(choice.fromSceneId, by: access)
            return (choice, from)
        }
    }

    /// Changes a choice of the viewer's (its origin stays). - Throws: `forbidden`, `notFound`, `invalid`.
    public func updateChoice(_ id: ObjectId, _ changes: ChoiceChanges, by access: AccessPolicy) async throws -> Choice {
        try await DomainError.translating {
            var (choice, from) = try await authoredChoice(id, by: access)
            if let toId = changes.toSceneId { choice.toSceneId = try await sceneInSameScenario(toId, as: from).id }
            try Self.apply(changes, to: &choice)
            try await store.updateChoice(choice)
            return choice
        }
    }

    /// Deletes choices of the viewer's stories, all or none; returns how many were deleted.
    /// - Throws: `forbidden`, `notFound("Choice")` when one of them does not exist.
    public func deleteChoices(_ ids: [ObjectId], by access: AccessPolicy) async throws -> Int {
        try await DomainError.translating {
            _ = try access.signedIn()
            let choices = try await store.choices(ids: ids)
            guard choices.count == Set(ids).count else { throw DomainError.notFound("Choice") }
            for sceneId in Set(choices.map(\.fromSceneId)) { _ = try await authoredScene(sceneId, by: access) }
            return try await store.deleteChoices(ids: ids)
        }
    }

    /// The scene `id` names, when it belongs to the same scenario as `scene`.
    private func sceneInSameScenario(_ id: ObjectId, as scene: Scene) async throws -> Scene {
        guard let target = try await store.scenes(ids: [id]).first else { throw DomainError.notFound("Scene toSceneId") }
        guard target.scenarioId == scene.scenarioId else {
            throw DomainError.invalid(field: "toSceneId", reason: "toSceneId must be a scene of the same scenario")
        }
        return target
    }

    static func apply(_ changes: ChoiceChanges, to choice: inout Choice) throws {
        if let text = changes.text {
            try Validate.length(text, field: "text", max: 200, required: true)
            choice.text = text
        }
        if let condition = changes.condition {
            guard condition.objectValue != nil else {
                throw DomainError.invalid(field: "condition", reason: "condition must be a JSON object (a JSON Logic rule, or {} for none)")
            }
            guard condition.jsonString.utf8.count <= 10_000 else {
                throw DomainError.invalid(field: "condition", reason: "condition must be at most 10000 bytes of JSON")
            }
            do {
                try JSONLogic.check(condition)
            } catch {
                throw DomainError.invalid(field: "condition", reason: "condition: \(error)")
            }
            choice.condition = condition
        }
        if let effects = changes.effects {
            do {
                choice.effects = Effect.jsonValue(of: try Effect.list(from: effects))
            } catch {
                throw DomainError.invalid(field: "effects", reason: "effects: \(error)")
            }
        }
        if let order = changes.order {
            guard order >= 0 else { throw DomainError.invalid(field: "order", reason: "order must not be negative") }
            choice.order = order
        }
    }
}
