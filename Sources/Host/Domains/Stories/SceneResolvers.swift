import Domain
import Foundation
import GraphQL
import Graphiti
import Protocols

struct SceneIDArgs: Codable, Sendable { var sceneId: GraphID }
struct CreateSceneArgs: Codable, Sendable { var input: SceneInput<Op.Create> }
struct UpdateSceneArgs: Codable, Sendable { var sceneId: GraphID; var input: SceneInput<Op.Update> }

extension RootResolver {
    func sceneById(context: APIContext, arguments: SceneIDArgs) async throws -> SceneType? {
        let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
        guard let scene = try await context.readable({ try await context.services.stories.scene(id, by: context.access) }) else { return nil }
        context.loaders.prepare(scenes: [scene])
        return SceneType(scene: scene)
    }

    func scenesByScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> [SceneType]? {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        let scenes = try await context.services.stories.scenes(ofScenario: id, by: context.access)
        context.loaders.prepare(scenes: scenes)
        return scenes.map(SceneType.init)
    }

    func createScene(context: APIContext, arguments: CreateSceneArgs) async throws -> ScenePayload<Op.Create> {
        try await context.mutation {
            let input = arguments.input
            guard let scenarioRef = input.scenarioId else {
                _ = try context.requireUser()
                throw DomainError.invalid(field: "scenarioId", reason: "scenarioId is required")
            }
            let scenarioId = try NodeID.decode(scenarioRef, as: "ScenarioType", argument: "scenarioId")
            let scene = try await context.services.stories.createScene(inScenario: scenarioId, try input.changes(), by: context.access)
            return try await context.generateForScene(scene, input: input, message: "Scene created")
        }
    }

    func updateScene(context: APIContext, arguments: UpdateSceneArgs) async throws -> ScenePayload<Op.Update> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
            if arguments.input.scenarioId != nil {
                // Who may not change the scene is told so before what they sent is judged.
                _ = try await context.services.stories.authoredScene(id, by: context.access)
                throw DomainError.invalid(
                    field: "scenarioId", reason: "scenarioId cannot be changed; create the scene in the other scenario")
            }
            let scene = try await context.services.stories.updateScene(id, try arguments.input.changes(), by: context.access)
            return try await context.generateForScene(scene, input: arguments.input, message: "Scene updated")
        }
    }

    func deleteScene(context: APIContext, arguments: SceneIDArgs) async throws -> DeletePayload<Scene> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
            let summary = try await context.services.stories.deleteScene(id, by: context.access)
            return DeletePayload(success: true, message: "Scene deleted with \(summary.choices) choices")
        }
    }
}

extension SceneInput {
    /// The changes this input asks for; a media slot given an empty id is emptied.
    func changes() throws -> SceneChanges {
        var slots: [SceneSlot: ObjectId?] = [:]
        for (slot, ref) in [(SceneSlot.image, imageId), (.sound, soundId), (.music, musicId)] {
            guard let ref else { continue }
            slots[slot] = ref.value.isEmpty ? .some(nil) : try NodeID.decode(ref, as: "AssetType", argument: slot.argument)
        }
        return SceneChanges(
            title: title, text: text, order: order, isStartScene: isStartScene, isEndScene: isEndScene,
            position: position.map { Position(x: $0.x, y: $0.y) }, slots: slots)
    }
}

// The compiled path reads these without `MapDecoder` (``PlainArguments``).
extension SceneIDArgs: PlainArguments {
    init?(plain arguments: Map) { guard let id = arguments.plainID("sceneId") else { return nil }; self.init(sceneId: id) }
}
