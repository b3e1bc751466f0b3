import Graphiti
import Protocols

/// `GenerationJobType`: a durable request to generate a medium.
struct GenerationJobType: RelayNode {
    let job: GenerationJob

    var id: GraphID { NodeID.encode("GenerationJobType", job.id) }
    var mongoId: String { job.id.hexString }
    var kind: String { job.kind.rawValue }
    var status: String { job.status.rawValue }
    var attempts: Int { job.attempts }
    var errorMessage: String? { job.errorMessage }
    var progress: Double? { job.progress }
    var parameters: JSONString { JSONString(job.parameters) }
    var slot: String? { job.target?.slot.rawValue }
    var createdAt: DateTime { DateTime(job.createdAt) }
    var updatedAt: DateTime { DateTime(job.updatedAt) }

    func sceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType? {
        guard let id = job.target?.sceneId else { return nil }
        return try await context.loaders.scenes.load(id).map(SceneType.init)
    }

    func resultAsset(context: APIContext, arguments: NoArguments) async throws -> AssetType? {
        guard let id = job.resultAssetId else { return nil }
        return try await context.loaders.assets.load(id).map(AssetType.init)
    }
}
