import Foundation
import Protocols

/// `player_progress`, one per player and scenario. Old data may hold duplicates, so there is no unique
/// index: the store checks before it writes.
extension MongoStore {
    public func insertProgress(_ progress: PlayerProgress) async throws {
        try await withDatabase { [uniquenessLock] db in
            try uniquenessLock.withLock {
                let collection = db.progress
                if try collection.count(Self.pair(progress)) > 0 { throw Self.pairTaken(progress) }
                try collection.insert(
                    progress.stored.insertDocument(id: .objectId(progress.id)),
                    duplicate: { _ in .duplicate(field: "id", value: progress.id.hexString) })
            }
        }
    }

    public func progress(ids: [ObjectId]) async throws -> [PlayerProgress] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.progress.find(["_id": .anyOf(ids)], sort: .oldestFirst).map(PlayerProgress.init(document:))
        }
    }

    public func progress(_ filter: ProgressFilter) async throws -> [PlayerProgress] {
        let query: BSONFields =
            switch filter {
            case .all: [:]
            case .user(let userId): ["user_id": .objectId(userId)]
            case .scenario(let scenarioId): ["scenario_id": .objectId(scenarioId)]
            case .userAndScenario(let userId, let scenarioId):
                ["user_id": .objectId(userId), "scenario_id": .objectId(scenarioId)]
            }
        return try await withDatabase { db in
            try db.progress.find(query, sort: .oldestFirst).map(PlayerProgress.init(document:))
        }
    }

    /// One `findAndModify` with `$push` on `history` and `$set` of the state: concurrent appends all land.
    public func appendStep(_ step: ProgressStep, toProgress id: ObjectId, at date: Date) async throws -> PlayerProgress {
        var set: BSONFields = [
            "current_scene_id": .objectId(step.entry.sceneId),
            "is_completed": .bool(step.isCompleted),
            "updated_at": .date(date),
        ]
        var update: BSONFields = ["$push": .document(["history": .document(step.entry.document)])]
        if let completedAt = step.completedAt {
            set["completed_at"] = .date(completedAt)
        } else {
            update["$unset"] = .document(["completed_at": .string("")])
        }
        update["$set"] = .document(set)
        return try await withDatabase { [update] db in
            guard let document = try db.progress.findAndModify(.byId(id), update: update, returnNew: true) else {
                throw StoreError.notFound(entity: "progress", id: id)
            }
            return try PlayerProgress(document: document)
        }
    }

    public func updateProgress(_ progress: PlayerProgress) async throws {
        try await withDatabase { [uniquenessLock] db in
            try uniquenessLock.withLock {
                let collection = db.progress
                var others = Self.pair(progress)
                others["_id"] = .document(["$ne": .objectId(progress.id)])
                if try collection.count(others) > 0 { throw Self.pairTaken(progress) }
                guard try collection.updateOne(.byId(progress.id), progress.stored.update) > 0 else {
                    throw StoreError.notFound(entity: "progress", id: progress.id)
                }
            }
        }
    }

    public func deleteProgress(id: ObjectId) async throws -> Bool {
        try await withDatabase { db in try db.progress.deleteMany(.byId(id)) > 0 }
    }

    private static func pair(_ progress: PlayerProgress) -> BSONFields {
        ["user_id": .objectId(progress.userId), "scenario_id": .objectId(progress.scenarioId)]
    }

    private static func pairTaken(_ progress: PlayerProgress) -> StoreError {
        .duplicate(field: "user_id,scenario_id", value: "\(progress.userId.hexString),\(progress.scenarioId.hexString)")
    }
}
