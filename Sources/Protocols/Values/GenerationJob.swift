import Foundation

/// What a generation job makes.
public enum GenerationKind: String, Codable, Sendable, CaseIterable {
    case image
    case speech
    case music
}

/// Where a job is in its life.
public enum JobStatus: String, Codable, Sendable, CaseIterable {
    case queued
    case running
    case succeeded
    case failed
}

/// The scene slot a job's result goes into.
public struct JobTarget: Hashable, Codable, Sendable {
    public var sceneId: ObjectId
    public var slot: SceneSlot

    public init(sceneId: ObjectId, slot: SceneSlot) {
        self.sceneId = sceneId
        self.slot = slot
    }
}

/// A durable request to generate one medium, kept in the store so that any worker can run it.
public struct GenerationJob: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var kind: GenerationKind
    /// What the provider is asked for (prompt, language, duration…).
    public var parameters: JSONValue
    public var requestedBy: ObjectId
    public var target: JobTarget?
    public var status: JobStatus
    public var attempts: Int
    public var maxAttempts: Int
    public var errorMessage: String?
    public var resultAssetId: ObjectId?
    /// 0 to 1, where the provider reports it.
    public var progress: Double?
    /// The worker that holds the job while it runs.
    public var leaseOwner: String?
    /// When a running job's lease lapses and another worker may take it.
    public var leaseExpiresAt: Date?
    /// A queued job is not claimed before this (retry back-off).
    public var runAfter: Date
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), kind: GenerationKind, parameters: JSONValue, requestedBy: ObjectId,
        target: JobTarget? = nil, status: JobStatus = .queued, attempts: Int = 0, maxAttempts: Int = 3,
        errorMessage: String? = nil, resultAssetId: ObjectId? = nil, progress: Double? = nil,
        leaseOwner: String? = nil, leaseExpiresAt: Date? = nil, runAfter: Date? = nil,
        createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.parameters = parameters
        self.requestedBy = requestedBy
        self.target = target
        self.status = status
        self.attempts = attempts
        self.maxAttempts = maxAttempts
        self.errorMessage = errorMessage
        self.resultAssetId = resultAssetId
        self.progress = progress
        self.leaseOwner = leaseOwner
        self.leaseExpiresAt = leaseExpiresAt
        self.runAfter = runAfter ?? createdAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }

    /// Whether the job has ended, well or badly.
    public var isFinished: Bool { status == .succeeded || status == .failed }
}
