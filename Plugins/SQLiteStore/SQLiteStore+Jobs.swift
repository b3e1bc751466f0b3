import Foundation
import GRDB
import Protocols

/// The generation queue. Claiming runs in one write transaction, and SQLite has one writer at a time,
/// so two claimers never get the same job.
extension SQLiteStore {
    public func insertJob(_ job: GenerationJob) async throws {
        try await write(onUnique: Self.idTaken(job.id)) { db in
            try db.execute(
                sql: """
                    INSERT INTO generation_jobs (id, kind, parameters, requested_by, target_scene_id, target_slot,
                        status, attempts, max_attempts, error_message, result_asset_id, progress, lease_owner,
                        lease_expires_at, run_after, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: Self.jobArguments(job))
        }
    }

    public func jobs(ids: [ObjectId]) async throws -> [GenerationJob] {
        guard !ids.isEmpty else { return [] }
        return try await selectRows("SELECT * FROM generation_jobs WHERE id \(inIdList) ORDER BY created_at DESC, id DESC", arguments: [Stored.idList(ids)], as: GenerationJob.init(row:))
    }

    public func jobs(_ filter: JobFilter) async throws -> [GenerationJob] {
        var conditions = ["1"]
        var arguments: StatementArguments = []
        if let sceneId = filter.sceneId {
            conditions.append("target_scene_id = ?")
            arguments += [Stored.id(sceneId)]
        }
        if let status = filter.status {
            conditions.append("status = ?")
            arguments += [status.rawValue]
        }
        if let requestedBy = filter.requestedBy {
            conditions.append("requested_by = ?")
            arguments += [Stored.id(requestedBy)]
        }
        if let since = filter.createdSince {
            conditions.append("created_at >= ?")
            arguments += [Stored.date(since)]
        }
        let condition = conditions.joined(separator: " AND ")
        return try await read { [arguments] db in
            try db.decodedRows("SELECT * FROM generation_jobs WHERE \(condition) ORDER BY created_at DESC, id DESC", arguments: arguments, as: GenerationJob.init(row:))
        }
    }

    public func claimJob(
        kinds: Set<GenerationKind>, owner: String, now: Date, leaseUntil: Date
    ) async throws -> GenerationJob? {
        guard !kinds.isEmpty else { return nil }
        let kindList = "[" + kinds.map { "\"\($0.rawValue)\"" }.sorted().joined(separator: ",") + "]"
        return try await write { db in
            let nowMs = Stored.date(now)
            guard
                let id = try String.fetchOne(
                    db,
                    sql: """
                        SELECT id FROM generation_jobs
                        WHERE kind IN (SELECT value FROM json_each(?1))
                          AND ((status = 'queued' AND run_after <= ?2)
                               OR (status = 'running' AND lease_expires_at <= ?2))
                        ORDER BY created_at, id
                        LIMIT 1
                        """,
                    arguments: [kindList, nowMs])
            else { return nil }
            return try Row.fetchOne(
                db,
                sql: """
                    UPDATE generation_jobs
                    SET status = 'running', lease_owner = ?2, lease_expires_at = ?3, attempts = attempts + 1,
                        updated_at = ?4
                    WHERE id = ?1
                    RETURNING *
                    """,
                arguments: [id, owner, Stored.date(leaseUntil), nowMs]
            ).map(GenerationJob.init(row:))
        }
    }

    public func renewLease(jobId: ObjectId, owner: String, leaseUntil: Date, progress: Double?) async throws -> Bool {
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE generation_jobs SET lease_expires_at = ?3, progress = COALESCE(?4, progress)
                    WHERE id = ?1 AND lease_owner = ?2 AND status = 'running'
                    """,
                arguments: [Stored.id(jobId), owner, Stored.date(leaseUntil), progress])
            return db.changesCount > 0
        }
    }

    public func finishJob(jobId: ObjectId, owner: String, outcome: JobOutcome, at date: Date) async throws -> Bool {
        let (assignments, values): (String, StatementArguments) =
            switch outcome {
            case .succeeded(let assetId):
                ("status = 'succeeded', result_asset_id = ?, error_message = NULL, progress = 1", [Stored.id(assetId)])
            case .retry(let message, let retryAt):
                (
                    "status = 'queued', error_message = ?, run_after = ?, lease_owner = NULL, lease_expires_at = NULL",
                    [message, Stored.date(retryAt)]
                )
            case .failed(let message):
                ("status = 'failed', error_message = ?", [message])
            }
        var arguments = values
        arguments += [Stored.date(date), Stored.id(jobId), owner]
        return try await write { [arguments] db in
            try db.execute(
                sql: """
                    UPDATE generation_jobs SET \(assignments), updated_at = ?
                    WHERE id = ? AND lease_owner = ? AND status = 'running'
                    """,
                arguments: arguments)
            return db.changesCount > 0
        }
    }

    private static func jobArguments(_ job: GenerationJob) -> StatementArguments {
        [
            Stored.id(job.id), job.kind.rawValue, Stored.json(job.parameters), Stored.id(job.requestedBy),
            Stored.optionalId(job.target?.sceneId), job.target?.slot.rawValue, job.status.rawValue, job.attempts,
            job.maxAttempts, job.errorMessage, Stored.optionalId(job.resultAssetId), job.progress, job.leaseOwner,
            Stored.optionalDate(job.leaseExpiresAt), Stored.date(job.runAfter), Stored.date(job.createdAt),
            Stored.date(job.updatedAt),
        ]
    }
}
