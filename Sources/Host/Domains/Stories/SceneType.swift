import Graphiti
import Protocols

/// `SceneType`: one page of a story.
struct SceneType: RelayNode, Identifiable {
    let scene: Scene

    var id: GraphID { NodeID.encode("SceneType", scene.id) }
    var mongoId: String { scene.id.hexString }
    var title: String { scene.title }
    var text: String { scene.text }
    var order: Int { scene.order }
    var isStartScene: Bool { scene.isStartScene }
    var isEndScene: Bool { scene.isEndScene }
    var position: PositionType? { scene.position.map { PositionType(x: $0.x, y: $0.y) } }
    var createdAt: DateTime { DateTime(scene.createdAt) }
    var updatedAt: DateTime { DateTime(scene.updatedAt) }

    func scenarioId(context: APIContext, arguments: NoArguments) async throws -> ScenarioType {
        ScenarioType(scenario: try await context.loaders.scenarios.required(
            scene.scenarioId, "Scenario", referencedBy: "scenarioId of scene \(scene.id.hexString)"))
    }

    func imageId(context: APIContext, arguments: NoArguments) async throws -> AssetType? {
        try await asset(scene.imageId, context)
    }

    func soundId(context: APIContext, arguments: NoArguments) async throws -> AssetType? {
        try await asset(scene.soundId, context)
    }

    func musicId(context: APIContext, arguments: NoArguments) async throws -> AssetType? {
        try await asset(scene.musicId, context)
    }

    /// The choices leaving the scene, ordered by `order`.
    func choices(context: APIContext, arguments: NoArguments) async throws -> [ChoiceType]? {
        let choices = try await context.loaders.choicesOfScene.load(scene.id) ?? []
        context.loaders.prepare(choices: choices)
        return choices.map(ChoiceType.init)
    }

    private func asset(_ id: ObjectId?, _ context: APIContext) async throws -> AssetType? {
        guard let id else { return nil }
        return try await context.loaders.assets.load(id).map(AssetType.init)
    }
}

/// `{x y}`: where a scene sits in the editor's graph.
struct PositionType: Codable, Sendable {
    var x: Double
    var y: Double
}

/// `{x y}` on input.
struct PositionInput: Codable, Sendable {
    var x: Double
    var y: Double
}

/// `CreateSceneInput` and `UpdateSceneInput`.
struct SceneInput<Kind>: Codable, Sendable {
    var scenarioId: GraphID?
    var title: String?
    var text: String?
    var order: Int?
    var imageId: GraphID?
    var soundId: GraphID?
    var musicId: GraphID?
    var isStartScene: Bool?
    var isEndScene: Bool?
    var position: PositionInput?
    var autoGenerateImage: Bool?
    var autoGenerateSound: Bool?
    var autoGenerateMusic: Bool?
}

/// `CreateScene` and `UpdateScene`.
struct ScenePayload<Kind>: MutationPayload {
    var scene: SceneType?
    var success: Bool
    var message: String
    var jobs: [GenerationJobType]

    static func failure(_ message: String) -> Self { Self(scene: nil, success: false, message: message, jobs: []) }
}
