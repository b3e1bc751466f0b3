import Foundation
import Protocols

/// The rules of AI generation, in front of the durable job queue: who may generate (admins), what
/// they may ask (a configured kind, a prompt of bounded length) and how often (an hourly limit per
/// requester). Workers run the jobs (in the host); this queues them, follows them and reads their
/// results.
public struct GenerationQueue: Sendable {
    let store: any StoryStore
    /// The kinds this server has a provider for, and why each other kind has none.
    let available: Set<GenerationKind>
    let unavailableReasons: [GenerationKind: String]
    public let limits: Limits

    /// The limits of ``GenerationQueue``, from the host's configuration.
    public struct Limits: Sendable {
        public var maxPromptLength: Int
        public var rateLimitPerHour: Int
        public var maxAttempts: Int

        public init(maxPromptLength: Int, rateLimitPerHour: Int, maxAttempts: Int) {
            self.maxPromptLength = maxPromptLength
            self.rateLimitPerHour = rateLimitPerHour
            self.maxAttempts = maxAttempts
        }
    }

    public init(
        store: any StoryStore, available: Set<GenerationKind>, unavailableReasons: [GenerationKind: String], limits: Limits
    ) {
        self.store = store
        self.available = available
        self.unavailableReasons = unavailableReasons
        self.limits = limits
    }

    /// - Throws: `invalid` naming the variable to set when `kind` is not configured.
    public func requireProvider(_ kind: GenerationKind) throws {
        guard available.contains(kind) else {
            throw DomainError.invalid(unavailableReasons[kind] ?? "\(kind.rawValue) generation is not configured")
        }
    }

    /// Queues a job for an admin after checking the provider, the prompt length (unless `limitLength`
    /// is false: a scene's narration, bounded by the scene text's own limit) and the requester's
    /// hourly limit. - Throws: `forbidden`, `invalid`.
    public func enqueue(
        _ kind: GenerationKind, prompt: String, parameters: [String: JSONValue], target: JobTarget? = nil,
        limitLength: Bool = true, by access: AccessPolicy
    ) async throws -> GenerationJob {
        try await DomainError.translating {
            let admin = try access.admin()
            return try await enqueue(kind, prompt: prompt, parameters: parameters, requestedBy: admin.id, target: target, limitLength: limitLength)
        }
    }

    /// ``enqueue(_:prompt:parameters:target:limitLength:by:)`` for a requester already known to be
    /// allowed (the host's own tools and tests).
    public func enqueue(
        _ kind: GenerationKind, prompt: String, parameters: [String: JSONValue], requestedBy: ObjectId,
        target: JobTarget? = nil, limitLength: Bool = true
    ) async throws -> GenerationJob {
        try await DomainError.translating {
            try requireProvider(kind)
            let trimmed = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw DomainError.invalid(field: "prompt", reason: "The prompt is empty") }
            guard !limitLength || trimmed.count <= limits.maxPromptLength else {
                throw DomainError.invalid(
                    field: "prompt", reason: "The prompt is too long: at most \(limits.maxPromptLength) characters (got \(trimmed.count))")
            }
            try Validate.noControlCharacters(trimmed, field: "prompt")
            let since = Date().addingTimeInterval(-3600)
            let recent = try await store.jobs(JobFilter(requestedBy: requestedBy, createdSince: since)).count
            guard recent < limits.rateLimitPerHour else {
                throw DomainError.invalid("AI generation limit reached (\(limits.rateLimitPerHour) per hour); retry later")
            }
            var members = parameters
            members["prompt"] = .string(trimmed)
            let job = GenerationJob(
                kind: kind, parameters: .object(members), requestedBy: requestedBy, target: target,
                maxAttempts: max(1, limits.maxAttempts))
            try await store.insertJob(job)
            return job
        }
    }

    /// The job once finished, or as it is after `seconds`.
    public func wait(for id: ObjectId, upTo seconds: Double) async throws -> GenerationJob? {
        try await DomainError.translating {
            let deadline = Date().addingTimeInterval(seconds)
            var delay = 0.05
            while true {
                let job = try await store.jobs(ids: [id]).first
                if job == nil || job!.isFinished || Date() >= deadline { return job }
                try await Task.sleep(for: .seconds(min(delay, max(0.01, deadline.timeIntervalSinceNow))))
                delay = min(delay * 2, 0.5)
            }
        }
    }

    /// The jobs a filter selects, newest first, for admins. - Throws: `forbidden`.
    public func jobs(_ filter: JobFilter, by access: AccessPolicy) async throws -> [GenerationJob] {
        try await DomainError.translating {
            _ = try access.admin()
            return try await store.jobs(filter)
        }
    }

    /// The asset a succeeded job made, when it still exists.
    public func result(of job: GenerationJob) async throws -> Asset? {
        try await DomainError.translating {
            guard let id = job.resultAssetId else { return nil }
            return try await store.assets(ids: [id]).first
        }
    }
}
