import Foundation
import Protocols

/// `player_progress`, one per player and scenario. Old data may hold duplicates, so there is no unique
/// index: the store checks before it writes.
extension MongoStore {
    /// A record never outlives its scenario, without a transaction: ``deleteScenario(id:)`` removes
    /// the scenario before it sweeps its progress, so a record inserted too late for the sweep finds
    /// the scenario gone when it looks after its insert, and removes itself (`notFound`).
    public func insertProgress(_ progress: PlayerProgress) async throws {
        try await withDatabase { [uniquenessLock] db in
            try uniquenessLock.withLock {
                let collection = db.progress
                guard try db.scenarios.exists(progress.scenarioId) else {
                    throw StoreError.notFound(entity: "scenario", id: progress.scenarioId)
                }
                if try collection.count(Self.pair(progress)) > 0 { throw Self.pairTaken(progress) }
                try collection.insert(
                    progress.stored.insertDocument(id: .objectId(progress.id)),
                    duplicate: { _ in .duplicate(field: "id", value: progress.id.hexString) })
            }
            guard try db.scenarios.exists(progress.scenarioId) else {
                _ = try db.progress.deleteMany(.byId(progress.id))
                throw StoreError.notFound(entity: "scenario", id: progress.scenarioId)
            }
        }
    }

    public func progress(ids: [ObjectId]) async throws -> [PlayerProgress] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.progress.find(["_id": .anyOf(ids)], sort: .oldestFirst).decoded(PlayerProgress.init(document:))
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
            try db.progress.find(query, sort: .oldestFirst).decoded(PlayerProgress.init(document:))
        }
    }

    /// One `findAndModify` with `$push` on `history` and `$set` of the state: concurrent appends all land.
    /// With `expected`, its filter also asks for that `current_scene_id` (as ObjectId or, as the reader
    /// allows, its hex text) and `is_completed` not `true`, so check and append are one atomic write; when
    /// it selects nothing, whether the record exists tells `conflict` from `notFound`.
    public func appendStep(
        _ step: ProgressStep, toProgress id: ObjectId, at date: Date, ifCurrentScene expected: ObjectId?
    ) async throws -> PlayerProgress {
        var filter = BSONFields.byId(id)
        if let expected {
            filter["current_scene_id"] = .document(["$in": .array([.objectId(expected), .string(expected.hexString)])])
            filter["is_completed"] = .document(["$ne": .bool(true)])
            if let count = step.expectedHistoryCount {
                if count > 0 { filter["history.\(count - 1)"] = .document(["$exists": .bool(true)]) }
                filter["history.\(count)"] = .document(["$exists": .bool(false)])
            }
        }
        var set: BSONFields = [
            "current_scene_id": .objectId(step.entry.sceneId),
            "is_completed": .bool(step.isCompleted),
            "updated_at": .date(date),
        ]
        if let vars = step.vars { set["vars"] = BSONValue(json: vars) }
        var update: BSONFields = ["$push": .document(["history": .document(step.entry.document)])]
        if let completedAt = step.completedAt {
            set["completed_at"] = .date(completedAt)
        } else {
            update["$unset"] = .document(["completed_at": .string("")])
        }
        update["$set"] = .document(set)
        return try await withDatabase { [filter, update] db in
            let document: BSONFields?
            do {
                document = try db.progress.findAndModify(filter, update: update, returnNew: true)
            } catch let error as MongoError where !error.isUnreachable {
                // Old data may hold `history: null`, on which `$push` fails: make it `[]` and push again
                // (once, and only when that changed something; otherwise the error stands).
                guard try db.progress.ensureArray(field: "history", in: id) else { throw error }
                document = try db.progress.findAndModify(filter, update: update, returnNew: true)
            }
            guard let document else {
                if expected != nil, try db.progress.exists(id) { throw StoreError.conflict(entity: "progress", id: id) }
                throw StoreError.notFound(entity: "progress", id: id)
            }
            return try PlayerProgress(document: document)
        }
    }

    /// Writes the record's fields; `history` is written only where it differs from the stored one, and
    /// then on the condition that the stored one has not grown meanwhile (see ``HistoryUpdate``), so a
    /// step appended concurrently by ``appendStep(_:toProgress:at:ifCurrentScene:)`` is never erased by
    /// an update that leaves the history as it is (e.g. a new `totalTimeSpent` or current scene). A
    /// history shorter than the stored one and a prefix of it (going back) cuts the stored array to that
    /// length.
    ///
    /// The store cannot tell "going back" from a stale copy: a caller that read the record before a step
    /// was appended and passes that older history cuts the step off, as the port's "replaces the record"
    /// says. Callers that do not mean to change the history should pass the history they read just before.
    public func updateProgress(_ progress: PlayerProgress) async throws {
        var fields = progress.stored
        fields.set["history"] = nil
        try await withDatabase { [uniquenessLock, fields] db in
            try uniquenessLock.withLock {
                let collection = db.progress
                var others = Self.pair(progress)
                others["_id"] = .document(["$ne": .objectId(progress.id)])
                if try collection.count(others) > 0 { throw Self.pairTaken(progress) }
                for _ in 0..<Self.historyAttempts {
                    guard let stored = try collection.findOne(.byId(progress.id), projection: ["history": .int32(1)]) else {
                        throw StoreError.notFound(entity: "progress", id: progress.id)
                    }
                    let plan = HistoryUpdate.plan(new: progress.history, stored: stored["history"])
                    var filter = BSONFields.byId(progress.id)
                    filter.fields += plan.condition.fields
                    if try collection.updateOne(filter, plan.update(with: fields)) > 0 { return }
                    // The history changed between the read and the write (or the record is gone): again.
                }
                throw StoreError.unavailable(
                    "the history of progress \(progress.id.hexString) kept changing; the update was not applied")
            }
        }
    }

    /// One `updateOne` whose filter holds the version: `updated_at` and the history's length (its last
    /// expected index present, the next one absent), so check and write are one atomic operation;
    /// when it selects nothing, whether the record exists tells `conflict` from `notFound`.
    ///
    /// A document without `updated_at` (old data) reads with its `created_at` and never matches: its
    /// conditional writes answer `conflict` until an unconditional write gives it one.
    public func updateProgress(_ progress: PlayerProgress, ifVersion expected: ProgressVersion) async throws {
        var filter = BSONFields.byId(progress.id)
        filter["updated_at"] = .date(expected.updatedAt)
        if expected.historyCount > 0 {
            filter["history.\(expected.historyCount - 1)"] = .document(["$exists": .bool(true)])
        }
        filter["history.\(expected.historyCount)"] = .document(["$exists": .bool(false)])
        let update = progress.stored.update
        try await withDatabase { [filter] db in
            if try db.progress.updateOne(filter, update) > 0 { return }
            if try db.progress.exists(progress.id) { throw StoreError.conflict(entity: "progress", id: progress.id) }
            throw StoreError.notFound(entity: "progress", id: progress.id)
        }
    }

    /// How many times ``updateProgress(_:)`` reads and writes again when the history changes in between.
    static var historyAttempts: Int { 20 }

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
