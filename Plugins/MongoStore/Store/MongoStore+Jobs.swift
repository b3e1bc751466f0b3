import Foundation
import Protocols

/// `generation_jobs`: the durable queue. Claiming is one `findAndModify`, so two workers never get
/// the same job; lease renewal and completion match on the owner.
extension MongoStore {
    public func insertJob(_ job: GenerationJob) async throws {
        try await withDatabase { db in
            try db.jobs.insert(
                job.stored.insertDocument(id: .objectId(job.id)),
                duplicate: { _ in .duplicate(field: "id", value: job.id.hexString) })
        }
    }

    public func jobs(ids: [ObjectId]) async throws -> [GenerationJob] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.jobs.find(["_id": .anyOf(ids)], sort: .newestFirst).decoded(GenerationJob.init(document:))
        }
    }

    public func jobs(_ filter: JobFilter) async throws -> [GenerationJob] {
        var query: BSONFields = [:]
        if let sceneId = filter.sceneId { query["target.scene_id"] = .objectId(sceneId) }
        if let status = filter.status { query["status"] = .string(status.rawValue) }
        if let requestedBy = filter.requestedBy { query["requested_by"] = .objectId(requestedBy) }
        if let since = filter.createdSince { query["created_at"] = .document(["$gte": .date(since)]) }
        return try await withDatabase { [query] db in
            try db.jobs.find(query, sort: .newestFirst).decoded(GenerationJob.init(document:))
        }
    }

    public func claimJob(
        kinds: Set<GenerationKind>, owner: String, now: Date, leaseUntil: Date
    ) async throws -> GenerationJob? {
        guard !kinds.isEmpty else { return nil }
        let query: BSONFields = [
            "kind": .document(["$in": .array(kinds.map(\.rawValue).sorted().map(BSONValue.string))]),
            "$or": .array([
                .document(["status": .string(JobStatus.queued.rawValue), "run_after": .document(["$lte": .date(now)])]),
                .document([
                    "status": .string(JobStatus.running.rawValue), "lease_expires_at": .document(["$lte": .date(now)]),
                ]),
            ]),
        ]
        let update: BSONFields = [
            "$set": .document([
                "status": .string(JobStatus.running.rawValue), "lease_owner": .string(owner),
                "lease_expires_at": .date(leaseUntil), "updated_at": .date(now),
            ]),
            "$inc": .document(["attempts": .int32(1)]),
        ]
        return try await withDatabase { db in
            try db.jobs.findAndModify(query, update: update, sort: .oldestFirst, returnNew: true)
                .map(GenerationJob.init(document:))
        }
    }

    public func renewLease(jobId: ObjectId, owner: String, leaseUntil: Date, progress: Double?) async throws -> Bool {
        var set: BSONFields = ["lease_expires_at": .date(leaseUntil)]
        if let progress { set["progress"] = .double(progress) }
        return try await withDatabase { [set] db in
            try db.jobs.updateOne(Self.heldBy(owner, jobId), ["$set": .document(set)]) > 0
        }
    }

    public func finishJob(jobId: ObjectId, owner: String, outcome: JobOutcome, at date: Date) async throws -> Bool {
        var fields = StoredFields(set: ["updated_at": .date(date)])
        switch outcome {
        case .succeeded(let assetId):
            fields.put("status", .string(JobStatus.succeeded.rawValue))
            fields.put("result_asset_id", .objectId(assetId))
            fields.put("error_message", nil)
            fields.put("progress", .double(1))
        case .retry(let message, let retryAt):
            fields.put("status", .string(JobStatus.queued.rawValue))
            fields.put("error_message", .string(message))
            fields.put("run_after", .date(retryAt))
            fields.put("lease_owner", nil)
            fields.put("lease_expires_at", nil)
        case .failed(let message):
            fields.put("status", .string(JobStatus.failed.rawValue))
            fields.put("error_message", .string(message))
        }
        let update = fields.update
        return try await withDatabase { db in try db.jobs.updateOne(Self.heldBy(owner, jobId), update) > 0 }
    }

    /// The running job `jobId` while `owner` holds its lease.
    private static func heldBy(_ owner: String, _ jobId: ObjectId) -> BSONFields {
        ["_id": .objectId(jobId), "lease_owner": .string(owner), "status": .string(JobStatus.running.rawValue)]
    }
}
