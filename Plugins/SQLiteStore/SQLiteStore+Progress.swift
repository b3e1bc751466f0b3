import Foundation
import GRDB
import Protocols

/// Progress records live in `progress`; their history in `progress_history`, one row per step with
/// its `position`, so that appending a step is one insert and never a read-modify-write.
extension SQLiteStore {
    /// The scenario is checked in the write transaction (SQLite runs one writer at a time, so a
    /// `deleteScenario` is wholly before or wholly after), and the `progress_scenario_fk` foreign key
    /// of migration v4 holds it too.
    public func insertProgress(_ progress: PlayerProgress) async throws {
        try await write(onUnique: Self.progressUniqueViolation(progress)) { db in
            try Self.requireScenario(progress.scenarioId, db)
            try db.execute(
                sql: """
                    INSERT INTO progress (id, user_id, scenario_id, current_scene_id, is_completed, completed_at,
                        total_time_spent, created_at, updated_at, vars)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.progressArguments(progress))
            try Self.insertHistory(progress.history, of: progress.id, from: 0, db)
        }
    }

    public func progress(ids: [ObjectId]) async throws -> [PlayerProgress] {
        guard !ids.isEmpty else { return [] }
        return try await read { db in
            try Self.fetchProgress(
                db, where: "id \(inIdList)", arguments: [Stored.idList(ids)])
        }
    }

    public func progress(_ filter: ProgressFilter) async throws -> [PlayerProgress] {
        let (condition, arguments): (String, StatementArguments) =
            switch filter {
            case .all: ("1", [])
            case .user(let userId): ("user_id = ?", [Stored.id(userId)])
            case .scenario(let scenarioId): ("scenario_id = ?", [Stored.id(scenarioId)])
            case .userAndScenario(let userId, let scenarioId):
                ("user_id = ? AND scenario_id = ?", [Stored.id(userId), Stored.id(scenarioId)])
            }
        return try await read { db in try Self.fetchProgress(db, where: condition, arguments: arguments) }
    }

    /// With `expected`, the condition is part of the `UPDATE`'s `WHERE`, inside the write transaction:
    /// when it matches no row, the history is left alone and a look-up tells `notFound` from `conflict`.
    public func appendStep(
        _ step: ProgressStep, toProgress id: ObjectId, at date: Date, ifCurrentScene expected: ObjectId?
    ) async throws -> PlayerProgress {
        try await write { db in
            var set = "current_scene_id = ?, is_completed = ?, completed_at = ?, updated_at = ?"
            var arguments: StatementArguments = [
                Stored.id(step.entry.sceneId), step.isCompleted, Stored.optionalDate(step.completedAt), Stored.date(date),
            ]
            if let vars = step.vars {
                set += ", vars = ?"
                arguments += [Stored.json(vars)]
            }
            var condition = "id = ?"
            arguments += [Stored.id(id)]
            if let expected {
                condition += " AND current_scene_id = ? AND is_completed = 0"
                arguments += [Stored.id(expected)]
                if let count = step.expectedHistoryCount {
                    condition += " AND (SELECT COUNT(*) FROM progress_history WHERE progress_id = progress.id) = ?"
                    arguments += [count]
                }
            }
            try db.execute(sql: "UPDATE progress SET \(set) WHERE \(condition)", arguments: arguments)
            guard db.changesCount > 0 else {
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM progress WHERE id = ?)", arguments: [Stored.id(id)]) ?? false
                throw exists && expected != nil
                    ? StoreError.conflict(entity: "progress", id: id) : StoreError.notFound(entity: "progress", id: id)
            }
            try db.execute(
                sql: """
                    INSERT INTO progress_history (progress_id, position, scene_id, choice_id, timestamp, metadata, vars)
                    SELECT ?1, COALESCE(MAX(position) + 1, 0), ?2, ?3, ?4, ?5, ?6
                    FROM progress_history WHERE progress_id = ?1
                    """,
                arguments: Self.entryArguments(step.entry, of: id))
            guard let progress = try Self.fetchProgress(db, where: "id = ?", arguments: [Stored.id(id)]).first else {
                throw StoreError.notFound(entity: "progress", id: id)
            }
            return progress
        }
    }

    public func updateProgress(_ progress: PlayerProgress) async throws {
        try await write(onUnique: Self.progressUniqueViolation(progress)) { db in
            try db.execute(
                sql: """
                    UPDATE progress SET user_id = ?2, scenario_id = ?3, current_scene_id = ?4, is_completed = ?5,
                        completed_at = ?6, total_time_spent = ?7, created_at = ?8, updated_at = ?9, vars = ?10
                    WHERE id = ?1
                    """,
                arguments: Self.progressArguments(progress))
            guard db.changesCount > 0 else { throw StoreError.notFound(entity: "progress", id: progress.id) }
            try db.execute(sql: "DELETE FROM progress_history WHERE progress_id = ?", arguments: [Stored.id(progress.id)])
            try Self.insertHistory(progress.history, of: progress.id, from: 0, db)
        }
    }

    /// The version is part of the `UPDATE`'s `WHERE` (the history's length through a subquery), inside
    /// the write transaction; when it matches no row, a look-up tells `notFound` from `conflict`.
    public func updateProgress(_ progress: PlayerProgress, ifVersion expected: ProgressVersion) async throws {
        try await write(onUnique: Self.progressUniqueViolation(progress)) { db in
            var arguments = Self.progressArguments(progress)
            arguments += [Stored.date(expected.updatedAt), expected.historyCount]
            try db.execute(
                sql: """
                    UPDATE progress SET user_id = ?2, scenario_id = ?3, current_scene_id = ?4, is_completed = ?5,
                        completed_at = ?6, total_time_spent = ?7, created_at = ?8, updated_at = ?9, vars = ?10
                    WHERE id = ?1 AND updated_at = ?11
                      AND (SELECT COUNT(*) FROM progress_history WHERE progress_id = ?1) = ?12
                    """,
                arguments: arguments)
            guard db.changesCount > 0 else {
                let exists = try Bool.fetchOne(
                    db, sql: "SELECT EXISTS (SELECT 1 FROM progress WHERE id = ?)", arguments: [Stored.id(progress.id)]) ?? false
                throw exists
                    ? StoreError.conflict(entity: "progress", id: progress.id)
                    : StoreError.notFound(entity: "progress", id: progress.id)
            }
            try db.execute(sql: "DELETE FROM progress_history WHERE progress_id = ?", arguments: [Stored.id(progress.id)])
            try Self.insertHistory(progress.history, of: progress.id, from: 0, db)
        }
    }

    public func deleteProgress(id: ObjectId) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "DELETE FROM progress WHERE id = ?", arguments: [Stored.id(id)])
            return db.changesCount > 0
        }
    }

    /// The records matching `condition`, oldest first, with their histories (two statements in all).
    private static func fetchProgress(
        _ db: Database, where condition: String, arguments: StatementArguments
    ) throws -> [PlayerProgress] {
        var records = try db.decodedRows("SELECT * FROM progress WHERE \(condition) ORDER BY created_at, id", arguments: arguments, as: PlayerProgress.init(row:))
        guard !records.isEmpty else { return [] }
        var histories: [ObjectId: [HistoryEntry]] = [:]
        let rows = try Row.fetchCursor(
            db,
            sql: "SELECT * FROM progress_history WHERE progress_id \(inIdList) ORDER BY progress_id, position",
            arguments: [Stored.idList(records.map(\.id))])
        while let row = try rows.next() {
            histories[try row.id("progress_id"), default: []].append(try HistoryEntry(row: row))
        }
        for index in records.indices {
            records[index].history = histories[records[index].id] ?? []
        }
        return records
    }

    private static func insertHistory(_ entries: [HistoryEntry], of id: ObjectId, from start: Int, _ db: Database) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO progress_history (progress_id, scene_id, choice_id, timestamp, metadata, vars, position)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)
        for (offset, entry) in entries.enumerated() {
            var arguments = entryArguments(entry, of: id)
            arguments += [start + offset]
            try statement.execute(arguments: arguments)
        }
    }

    private static func entryArguments(_ entry: HistoryEntry, of id: ObjectId) -> StatementArguments {
        [
            Stored.id(id), Stored.id(entry.sceneId), Stored.optionalId(entry.choiceId), Stored.date(entry.timestamp),
            Stored.json(entry.metadata), entry.vars.map(Stored.json),
        ]
    }

    private static func progressArguments(_ progress: PlayerProgress) -> StatementArguments {
        [
            Stored.id(progress.id), Stored.id(progress.userId), Stored.id(progress.scenarioId),
            Stored.id(progress.currentSceneId), progress.isCompleted, Stored.optionalDate(progress.completedAt),
            progress.totalTimeSpent, Stored.date(progress.createdAt), Stored.date(progress.updatedAt),
            Stored.json(progress.vars),
        ]
    }

    private static func progressUniqueViolation(_ progress: PlayerProgress) -> UniqueViolation {
        { message in
            message.contains("user_id")
                ? .duplicate(
                    field: "user_id,scenario_id", value: "\(progress.userId.hexString),\(progress.scenarioId.hexString)")
                : .duplicate(field: "id", value: progress.id.hexString)
        }
    }
}
