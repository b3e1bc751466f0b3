import Foundation

/// Which jobs a listing returns; every set criterion must hold.
public struct JobFilter: Hashable, Sendable {
    public var sceneId: ObjectId?
    public var status: JobStatus?
    public var requestedBy: ObjectId?
    /// Only jobs created at or after this date.
    public var createdSince: Date?

    public init(sceneId: ObjectId? = nil, status: JobStatus? = nil, requestedBy: ObjectId? = nil, createdSince: Date? = nil) {
        self.sceneId = sceneId
        self.status = status
        self.requestedBy = requestedBy
        self.createdSince = createdSince
    }
}

/// How a job ended or paused, as reported by the worker that holds its lease.
public enum JobOutcome: Hashable, Sendable {
    /// Done: the result asset.
    case succeeded(assetId: ObjectId)
    /// A transient failure: back to `queued`, not claimed before `retryAt`.
    case retry(message: String, retryAt: Date)
    /// A permanent failure.
    case failed(message: String)
}

/// Durable queue of generation jobs, shared by every worker of every server process.
public protocol GenerationJobStore: Sendable {
    func insertJob(_ job: GenerationJob) async throws
    /// The jobs with these ids; unknown ids are skipped.
    func jobs(ids: [ObjectId]) async throws -> [GenerationJob]
    /// The jobs the filter selects, newest first.
    func jobs(_ filter: JobFilter) async throws -> [GenerationJob]
    /// Atomically takes the oldest claimable job of one of `kinds`: a queued job whose `runAfter`
    /// has passed, or a running job whose lease expired. Marks it running, owned by `owner` until
    /// `leaseUntil`, and counts an attempt. Two callers never get the same job.
    func claimJob(kinds: Set<GenerationKind>, owner: String, now: Date, leaseUntil: Date) async throws -> GenerationJob?
    /// Extends the lease and records progress; `false` when `owner` no longer holds the job.
    func renewLease(jobId: ObjectId, owner: String, leaseUntil: Date, progress: Double?) async throws -> Bool
    /// Records how the job ended; `false` when `owner` no longer holds the job.
    func finishJob(jobId: ObjectId, owner: String, outcome: JobOutcome, at date: Date) async throws -> Bool
}
