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
        _ = try context.requireAdmin()
        return try await context.store.progress(.all).map(PlayerProgressType.init)
    }

    func progressById(context: APIContext, arguments: ProgressIDArgs) async throws -> PlayerProgressType? {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
        guard let progress = try await context.store.progress(ids: [id]).first else { return nil }
        guard progress.userId == viewer.id || viewer.role == .admin else { throw APIError.permissionDenied }
        return PlayerProgressType(progress: progress)
    }

    func progressByUser(context: APIContext, arguments: UserIDArgs) async throws -> [PlayerProgressType]? {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        guard id == viewer.id || viewer.role == .admin else { throw APIError.permissionDenied }
        return try await context.store.progress(.user(id)).map(PlayerProgressType.init)
    }

    func progressByScenario(context: APIContext, arguments: ScenarioIDArgs) async throws -> [PlayerProgressType]? {
        let viewer = try context.requireUser()
        let id = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        let filter: ProgressFilter = viewer.role == .admin ? .scenario(id) : .userAndScenario(viewer.id, id)
        return try await context.store.progress(filter).map(PlayerProgressType.init)
    }

    func myProgress(context: APIContext, arguments: NoArguments) async throws -> [PlayerProgressType]? {
        let viewer = try context.requireUser()
        return try await context.store.progress(.user(viewer.id)).map(PlayerProgressType.init)
    }

    func progressByUserAndScenario(context: APIContext, arguments: UserAndScenarioArgs) async throws -> PlayerProgressType? {
        let viewer = try context.requireUser()
        let userId = try NodeID.decode(arguments.userId, as: "UserType", argument: "userId")
        let scenarioId = try NodeID.decode(arguments.scenarioId, as: "ScenarioType", argument: "scenarioId")
        guard userId == viewer.id || viewer.role == .admin else { throw APIError.permissionDenied }
        return try await context.store.progress(.userAndScenario(userId, scenarioId)).first.map(PlayerProgressType.init)
    }

    // MARK: Mutations (only the player changes their progress)

    func createProgress(context: APIContext, arguments: CreateProgressArgs) async throws -> ProgressPayload<Op.Create> {
        let viewer = try context.requireUser()
        let scenarioId = try NodeID.decode(arguments.input.scenarioId, as: "ScenarioType", argument: "scenarioId")
        let sceneRef = try arguments.input.currentSceneId.map {
            try NodeID.decode($0, as: "SceneType", argument: "currentSceneId")
        }
        return try await context.mutation {
            let scenario = try await context.visibleScenario(scenarioId)
            if let existing = try await context.store.progress(.userAndScenario(viewer.id, scenario.id)).first {
                return ProgressPayload(progress: PlayerProgressType(progress: existing), success: true, message: "Progress already exists")
            }
            let scenes = try await context.store.scenes(scenarioIds: [scenario.id])
            let starts = scenes.filter(\.isStartScene)
            let start: Scene
            if let sceneRef {
                guard let scene = scenes.first(where: { $0.id == sceneRef }) else {
                    throw APIError.invalidInput("currentSceneId must be a scene of this scenario")
                }
                if !starts.isEmpty && !scene.isStartScene {
                    throw APIError.invalidInput("currentSceneId must be a start scene of this scenario")
                }
                start = scene
            } else {
                guard let first = starts.first ?? scenes.first else { throw APIError.invalidInput("This scenario has no scenes") }
                start = first
            }
            let now = Date()
            let progress = PlayerProgress(
                userId: viewer.id, scenarioId: scenario.id, currentSceneId: start.id,
                history: [HistoryEntry(sceneId: start.id, timestamp: now)],
                isCompleted: start.isEndScene, completedAt: start.isEndScene ? now : nil, createdAt: now)
            do {
                try await context.store.insertProgress(progress)
            } catch StoreError.duplicate {
                // Another request created it meanwhile: return that one.
                if let existing = try await context.store.progress(.userAndScenario(viewer.id, scenario.id)).first {
                    return ProgressPayload(progress: PlayerProgressType(progress: existing), success: true, message: "Progress already exists")
                }
                throw APIError.unavailable("Could not create the progress, please retry")
            }
            return ProgressPayload(progress: PlayerProgressType(progress: progress), success: true, message: "Progress created")
        }
    }

    func recordProgress(context: APIContext, arguments: RecordProgressArgs) async throws -> ProgressPayload<Op.Record> {
        let input = arguments.input
        let progressId = try NodeID.decode(input.progressId, as: "PlayerProgressType", argument: "progressId")
        let progress = try await context.ownProgress(progressId)
        return try await context.mutation {
            let sceneId = try NodeID.decode(input.sceneId, as: "SceneType", argument: "sceneId")
            let choiceId = try input.choiceId.map { try NodeID.decode($0, as: "ChoiceType", argument: "choiceId") }
            if let metadata = input.metadata, metadata.value.objectValue == nil {
                throw APIError.invalidInput("metadata must be a JSON object")
            }
            if progress.isCompleted {
                throw APIError.invalidInput("This story is completed; go back in history to play on")
            }
            let leaving = try await context.store.choices(fromSceneIds: [progress.currentSceneId])
            if let choiceId {
                guard let choice = leaving.first(where: { $0.id == choiceId }) else {
                    throw APIError.invalidInput("choiceId does not leave the current scene")
                }
                guard choice.toSceneId == sceneId else { throw APIError.invalidInput("choiceId does not lead to sceneId") }
            } else if !leaving.contains(where: { $0.toSceneId == sceneId }) {
                throw APIError.invalidInput("No choice leads from the current scene to sceneId")
            }
            guard let scene = try await context.store.scenes(ids: [sceneId]).first, scene.scenarioId == progress.scenarioId else {
                throw APIError.notFound("Scene")
            }
            let now = Date()
            let step = ProgressStep(
                entry: HistoryEntry(sceneId: sceneId, choiceId: choiceId, timestamp: now, metadata: input.metadata?.value ?? .emptyObject),
                isCompleted: scene.isEndScene, completedAt: scene.isEndScene ? now : nil)
            // The checks above hold for the scene read; the store appends only if it is still the
            // current one (and the story not completed), so of concurrent moves from it one lands.
            let updated: PlayerProgress
            do {
                updated = try await context.store.appendStep(
                    step, toProgress: progress.id, at: now, ifCurrentScene: progress.currentSceneId)
            } catch StoreError.conflict {
                throw APIError.conflict("The progress moved meanwhile: read it again")
            }
            return ProgressPayload(progress: PlayerProgressType(progress: updated), success: true, message: "Progress recorded")
        }
    }

    func updateProgress(context: APIContext, arguments: UpdateProgressArgs) async throws -> ProgressPayload<Op.Update> {
        let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
        var progress = try await context.ownProgress(id)
        return try await context.mutation {
            if let ref = arguments.input.currentSceneId {
                let sceneId = try NodeID.decode(ref, as: "SceneType", argument: "currentSceneId")
                guard progress.history.contains(where: { $0.sceneId == sceneId }) else {
                    throw APIError.invalidInput("currentSceneId must be a scene already in the history")
                }
                let scene = try await context.store.scenes(ids: [sceneId]).first
                progress.currentSceneId = sceneId
                let ends = scene?.isEndScene ?? false
                if ends != progress.isCompleted {
                    progress.isCompleted = ends
                    progress.completedAt = ends ? Date() : nil
                }
            }
            if let time = arguments.input.totalTimeSpent {
                guard time >= 0 else { throw APIError.invalidInput("totalTimeSpent must not be negative") }
                progress.totalTimeSpent = time
            }
            progress.updatedAt = Date()
            try await context.store.updateProgress(progress)
            return ProgressPayload(progress: PlayerProgressType(progress: progress), success: true, message: "Progress updated")
        }
    }

    func deleteProgress(context: APIContext, arguments: ProgressIDArgs) async throws -> DeletePayload<PlayerProgress> {
        let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
        _ = try await context.ownProgress(id)
        return try await context.mutation {
            guard try await context.store.deleteProgress(id: id) else { throw APIError.notFound("Progress") }
            return DeletePayload(success: true, message: "Progress deleted")
        }
    }

    func goBackInHistory(context: APIContext, arguments: GoBackArgs) async throws -> ProgressPayload<Op.GoBack> {
        let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
        var progress = try await context.ownProgress(id)
        return try await context.mutation {
            let steps = arguments.stepsBack ?? 1
            guard steps >= 1 else { throw APIError.invalidInput("stepsBack must be at least 1") }
            guard steps < progress.history.count else {
                throw APIError.invalidInput("Cannot go back \(steps) steps: the history has \(progress.history.count) entries")
            }
            progress.history.removeLast(steps)
            progress.currentSceneId = progress.history[progress.history.count - 1].sceneId
            progress.isCompleted = false
            progress.completedAt = nil
            progress.updatedAt = Date()
            try await context.store.updateProgress(progress)
            return ProgressPayload(progress: PlayerProgressType(progress: progress), success: true, message: "Went back \(steps) steps")
        }
    }
}

extension APIContext {
    /// The viewer's own progress record. - Throws: `authenticationRequired`, `notFound`, `permissionDenied`.
    func ownProgress(_ id: ObjectId) async throws -> PlayerProgress {
        let viewer = try requireUser()
        guard let progress = try await store.progress(ids: [id]).first else { throw APIError.notFound("Progress") }
        guard progress.userId == viewer.id else { throw APIError.permissionDenied }
        return progress
    }
}
