import Domain
import Foundation
import Graphiti
import Protocols

struct ProgressIDArgs: Codable, Sendable { var progressId: GraphID }
struct UserAndScenarioArgs: Codable, Sendable { var userId: GraphID; var scenarioId: GraphID }
struct CreateProgressArgs: Codable, Sendable { var input: CreateProgressInput }
struct RecordProgressArgs: Codable, Sendable { var input: RecordProgressInput }
struct UpdateProgressArgs: Codable, Sendable { var progressId: GraphID; var input: UpdateProgressInput }
struct GoBackArgs: Codable, Sendable { var progressId: GraphID; var stepsBack: Int? }

extension RootResolver {
    // MARK: Queries (a player reads their own progress; admins read all)

    func allProgress(context: APIContext, arguments: NoArguments) async throws -> [PlayerProgressType]? {
        try await context.services.progress.all(by: context.access).map(PlayerProgressType.init)
    }

    func progressById(context: APIContext, arguments: ProgressIDArgs) async throws -> PlayerProgressType? {
        let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
        return try await context.services.progress.progress(id, by: context.access).map(PlayerProgressType.init)
    }

    func progressByUser(context: APIContext, arguments: UserIDArgs) async throws -> [PlayerProgressType]? {
        let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        return try await context.services.progress.progress(ofUser: id, by: context.access).map(PlayerProgressType.init)
    }

    func progressByScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> [PlayerProgressType]? {
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        return try await context.services.progress.progress(ofScenario: id, by: context.access).map(PlayerProgressType.init)
    }

    func myProgress(context: APIContext, arguments: NoArguments) async throws -> [PlayerProgressType]? {
        let viewer = try context.requireUser()
        return try await context.services.progress.progress(ofUser: viewer.id, by: context.access).map(PlayerProgressType.init)
    }

    func progressByUserAndScenario(context: APIContext, arguments: UserAndScenarioArgs) async throws -> PlayerProgressType? {
        let userId = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        let scenarioId = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        return try await context.services.progress.progress(ofUser: userId, onScenario: scenarioId, by: context.access)
            .map(PlayerProgressType.init)
    }

    // MARK: Mutations (only the player changes their progress)

    func createProgress(context: APIContext, arguments: CreateProgressArgs) async throws -> ProgressPayload<Op.Create> {
        try await context.mutation {
            let scenarioId = try NodeID.decode(arguments.input.scenarioId, as: "ScenarioType", argument: "scenarioId")
            let sceneId = try arguments.input.currentSceneId.map {
                try NodeID.decode($0, as: "SceneType", argument: "currentSceneId")
            }
            let (progress, created) = try await context.services.progress.start(scenarioId: scenarioId, at: sceneId, by: context.access)
            return ProgressPayload(
                progress: PlayerProgressType(progress: progress), success: true,
                message: created ? "Progress created" : "Progress already exists")
        }
    }

    func recordProgress(context: APIContext, arguments: RecordProgressArgs) async throws -> ProgressPayload<Op.Record> {
        try await context.mutation {
            let input = arguments.input
            let progressId = try NodeID.decode(input.progressId, as: "PlayerProgressType", argument: "progressId")
            // Who may not move this progress is told so before what they sent is judged.
            _ = try await context.services.progress.ownProgress(progressId, by: context.access)
            let sceneId = try NodeID.decode(input.sceneId, as: "SceneType", argument: "sceneId")
            let choiceId = try input.choiceId.map { try NodeID.decode($0, as: "ChoiceType", argument: "choiceId") }
            let updated = try await context.services.progress.record(
                progressId, to: sceneId, by: choiceId, metadata: input.metadata?.value, access: context.access)
            return ProgressPayload(progress: PlayerProgressType(progress: updated), success: true, message: "Progress recorded")
        }
    }

    func updateProgress(context: APIContext, arguments: UpdateProgressArgs) async throws -> ProgressPayload<Op.Update> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
            _ = try await context.services.progress.ownProgress(id, by: context.access)
            let sceneId = try arguments.input.currentSceneId.map { try NodeID.decode($0, as: "SceneType", argument: "currentSceneId") }
            let progress = try await context.services.progress.update(
                id, currentSceneId: sceneId, totalTimeSpent: arguments.input.totalTimeSpent, by: context.access)
            return ProgressPayload(progress: PlayerProgressType(progress: progress), success: true, message: "Progress updated")
        }
    }

    func deleteProgress(context: APIContext, arguments: ProgressIDArgs) async throws -> DeletePayload<PlayerProgress> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
            try await context.services.progress.delete(id, by: context.access)
            return DeletePayload(success: true, message: "Progress deleted")
        }
    }

    func goBackInHistory(context: APIContext, arguments: GoBackArgs) async throws -> ProgressPayload<Op.GoBack> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
            let steps = arguments.stepsBack ?? 1
            let progress = try await context.services.progress.goBack(id, steps: steps, by: context.access)
            return ProgressPayload(progress: PlayerProgressType(progress: progress), success: true, message: "Went back \(steps) steps")
        }
    }
}
