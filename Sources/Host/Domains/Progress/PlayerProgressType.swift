import Graphiti
import Protocols

/// `PlayerProgressType`: a player's run through a scenario.
struct PlayerProgressType: RelayNode {
    let progress: PlayerProgress

    var id: GraphID { NodeID.encode("PlayerProgressType", progress.id) }
    var mongoId: String { progress.id.hexString }
    var history: [HistoryEntryType]? { progress.history.map { HistoryEntryType(entry: $0, progress: progress) } }
    var isCompleted: Bool { progress.isCompleted }
    var completedAt: DateTime? { progress.completedAt.map(DateTime.init) }
    var totalTimeSpent: Int { progress.totalTimeSpent }
    /// The story variables now: the declared values the player started with, as effects changed them
    /// (`{}` for records older than variables).
    var vars: JSONString { JSONString(progress.vars) }
    var createdAt: DateTime { DateTime(progress.createdAt) }
    var updatedAt: DateTime { DateTime(progress.updatedAt) }

    func userId(context: APIContext, arguments: NoArguments) async throws -> UserType {
        UserType(user: try await context.loaders.users.required(
            progress.userId, "User", referencedBy: "userId of progress \(progress.id.hexString)"))
    }

    /// The scenario, while the viewer may play it: a story its author unpublished is paused, and
    /// neither it nor its scenes are read through the progress until it is published again.
    func scenarioId(context: APIContext, arguments: NoArguments) async throws -> ScenarioType {
        ScenarioType(scenario: try await context.playableScenario(of: progress))
    }

    func currentSceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType {
        _ = try await context.playableScenario(of: progress)
        return SceneType(scene: try await context.loaders.scenes.required(
            progress.currentSceneId, "Scene", referencedBy: "currentSceneId of progress \(progress.id.hexString)"))
    }

    /// Distinct scenes visited over the scenes of the scenario, in percent, at most 100.
    func progressPercentage(context: APIContext, arguments: NoArguments) async throws -> Double {
        let total = try await context.loaders.scenesOfScenario.load(progress.scenarioId)?.count ?? 0
        guard total > 0 else { return 0 }
        let visited = Set(progress.history.map(\.sceneId)).count
        return min(100, (Double(visited) / Double(total) * 10_000).rounded() / 100)
    }
}

/// One step of a player's history.
struct HistoryEntryType: Sendable {
    let entry: HistoryEntry
    /// The progress the entry belongs to (its scenario's rights are the entry's).
    let progress: PlayerProgress

    var timestamp: DateTime { DateTime(entry.timestamp) }
    var metadata: JSONString { JSONString(entry.metadata) }
    /// Always null: a history entry is embedded in its progress and has no id of its own (graphene-mongo
    /// showed the same field on embedded documents).
    var mongoId: String? { nil }

    func sceneId(context: APIContext, arguments: NoArguments) async throws -> SceneType {
        _ = try await context.playableScenario(of: progress)
        return SceneType(scene: try await context.loaders.scenes.required(
            entry.sceneId, "Scene", referencedBy: "sceneId of a history entry"))
    }

    func choiceId(context: APIContext, arguments: NoArguments) async throws -> ChoiceType? {
        guard let id = entry.choiceId else { return nil }
        _ = try await context.playableScenario(of: progress)
        return try await context.loaders.choices.load(id).map(ChoiceType.init)
    }
}

struct CreateProgressInput: Codable, Sendable {
    var scenarioId: GraphID
    var currentSceneId: GraphID?
}

struct RecordProgressInput: Codable, Sendable {
    var progressId: GraphID
    var sceneId: GraphID
    var choiceId: GraphID?
    var metadata: JSONString?
}

struct UpdateProgressInput: Codable, Sendable {
    var currentSceneId: GraphID?
    var totalTimeSpent: Int?
}

/// `CreateProgress`, `RecordProgress`, `UpdateProgress` and `GoBackInHistory`.
struct ProgressPayload<Kind>: MutationPayload {
    var progress: PlayerProgressType?
    var success: Bool
    var message: String

    static func failure(_ message: String) -> Self { Self(progress: nil, success: false, message: message) }
}
