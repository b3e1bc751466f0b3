import Foundation
import Graphiti
import Protocols

struct SceneIDArgs: Codable, Sendable { var sceneId: GraphID }
struct CreateSceneArgs: Codable, Sendable { var input: SceneInput<Op.Create> }
struct UpdateSceneArgs: Codable, Sendable { var sceneId: GraphID; var input: SceneInput<Op.Update> }

extension RootResolver {
    func sceneById(context: APIContext, arguments: SceneIDArgs) async throws -> SceneType? {
        let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
        do {
            let scene = try await context.visibleScene(id)
            await context.loaders.prepare(scenes: [scene])
            return SceneType(scene: scene)
        } catch APIError.notFound {
            return nil
        }
    }

    func scenesByScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> [SceneType]? {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        let scenario = try await context.visibleScenario(id)
        return try await ScenarioType(scenario: scenario).scenesList(context: context, arguments: NoArguments())
    }

    func createScene(context: APIContext, arguments: CreateSceneArgs) async throws -> ScenePayload<Op.Create> {
        let input = arguments.input
        guard let scenarioRef = input.scenarioId else {
            _ = try context.requireUser()
            return .failure("scenarioId is required")
        }
        let scenarioId = try NodeID.decode(scenarioRef, as: "ScenarioType", argument: "scenarioId")
        _ = try await context.authoredScenario(scenarioId)
        return try await context.mutation {
            guard let title = input.title else { throw APIError.invalidInput("title is required") }
            var scene = Scene(scenarioId: scenarioId, title: title)
            try await context.apply(input, to: &scene)
            try await context.store.insertScene(scene)
            return try await context.generateForScene(scene, input: input, message: "Scene created")
        }
    }

    func updateScene(context: APIContext, arguments: UpdateSceneArgs) async throws -> ScenePayload<Op.Update> {
        let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
        var (scene, _) = try await context.authoredScene(id)
        return try await context.mutation {
            if arguments.input.scenarioId != nil {
                throw APIError.invalidInput("scenarioId cannot be changed; create the scene in the other scenario")
            }
            try await context.apply(arguments.input, to: &scene)
            scene.updatedAt = Date()
            // Only the slots the input sets are written: an asset a generation job attaches to
            // another slot while this runs (after the read above) stays.
            try await context.store.updateScene(scene, slots: arguments.input.slots)
            return try await context.generateForScene(scene, input: arguments.input, message: "Scene updated")
        }
    }

    func deleteScene(context: APIContext, arguments: SceneIDArgs) async throws -> DeletePayload<Scene> {
        let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
        _ = try await context.authoredScene(id)
        return try await context.mutation {
            guard let summary = try await context.store.deleteScene(id: id) else { throw APIError.notFound("Scene") }
            return DeletePayload(success: true, message: "Scene deleted with \(summary.choices) choices")
        }
    }
}

extension APIContext {
    /// Applies the set fields of `input` to `scene`, validating each.
    func apply<Kind>(_ input: SceneInput<Kind>, to scene: inout Scene) async throws {
        if let title = input.title {
            try Validate.length(title, field: "title", max: 200, required: true)
            scene.title = title
        }
        if let text = input.text {
            try Validate.length(text, field: "text", max: 20_000)
            scene.text = text
        }
        if let order = input.order {
            guard order >= 0 else { throw APIError.invalidInput("order must not be negative") }
            scene.order = order
        }
        if let isStart = input.isStartScene { scene.isStartScene = isStart }
        if let isEnd = input.isEndScene { scene.isEndScene = isEnd }
        if let position = input.position {
            guard position.x.isFinite, position.y.isFinite else { throw APIError.invalidInput("position must be finite numbers") }
            scene.position = Position(x: position.x, y: position.y)
        }
        let refs: [(SceneSlot, GraphID?, String)] = [
            (.image, input.imageId, "imageId"), (.sound, input.soundId, "soundId"), (.music, input.musicId, "musicId"),
        ]
        for (slot, ref, argument) in refs {
            guard let ref else { continue }
            if ref.value.isEmpty {
                scene[slot] = nil
                continue
            }
            let assetId = try NodeID.decode(ref, as: "AssetType", argument: argument)
            guard let asset = try await store.assets(ids: [assetId]).first, canSee(asset) else {
                throw APIError.notFound("Asset \(argument)")
            }
            scene[slot] = asset.id
        }
    }
}

extension SceneInput {
    /// The media slots this input sets (to an asset, or to nothing with an empty id).
    var slots: Set<SceneSlot> {
        var slots: Set<SceneSlot> = []
        if imageId != nil { slots.insert(.image) }
        if soundId != nil { slots.insert(.sound) }
        if musicId != nil { slots.insert(.music) }
        return slots
    }
}
