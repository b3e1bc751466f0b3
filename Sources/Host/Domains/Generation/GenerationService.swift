import Foundation
import Logging
import Protocols

/// The configured generators and the durable queue in front of them.
///
/// Requests become ``GenerationJob``s in the store; ``GenerationWorkers`` (in this process or in
/// `story-server worker` processes) claim them with a lease and run them. Callers may wait for a
/// job for a while (`GENERATION_WAIT_SECONDS`) so that clients of the old, synchronous API still get
/// the asset in the same response.
struct GenerationService: Sendable {
    let image: (any ImageGenerator)?
    let speech: (any SpeechGenerator)?
    let music: (any MusicGenerator)?
    /// Why each missing provider is missing (the variable to set), by kind.
    let unavailableReasons: [GenerationKind: String]
    let settings: GenerationSettings

    /// The kinds this process can run.
    var availableKinds: Set<GenerationKind> {
        var kinds: Set<GenerationKind> = []
        if image != nil { kinds.insert(.image) }
        if speech != nil { kinds.insert(.speech) }
        if music != nil { kinds.insert(.music) }
        return kinds
    }

    /// The kinds this process's workers claim: those `GENERATION_WORKER_KINDS` names (by default every
    /// available kind) whose provider is available here.
    var workerKinds: Set<GenerationKind> {
        (settings.workerKinds ?? availableKinds).intersection(availableKinds)
    }

    /// The kinds `GENERATION_WORKER_KINDS` names but whose provider is not configured here, with why.
    var unservedWorkerKinds: [(kind: GenerationKind, reason: String)] {
        (settings.workerKinds ?? []).subtracting(availableKinds).sorted { $0.rawValue < $1.rawValue }.map {
            ($0, unavailableReasons[$0] ?? "\($0.rawValue) generation is not configured")
        }
    }

    /// - Throws: ``APIError/invalidInput(_:)`` naming the variable to set when `kind` is not configured.
    func requireProvider(_ kind: GenerationKind) throws {
        guard availableKinds.contains(kind) else {
            throw APIError.invalidInput(unavailableReasons[kind] ?? "\(kind.rawValue) generation is not configured")
        }
    }

    /// Queues a job after checking the provider, the prompt length (unless `limitLength` is false: a
    /// scene's narration, bounded by the scene text's own limit) and the requester's hourly limit.
    func enqueue(
        _ kind: GenerationKind, prompt: String, parameters: [String: JSONValue], requestedBy: ObjectId,
        target: JobTarget? = nil, limitLength: Bool = true, store: any StoryStore
    ) async throws -> GenerationJob {
        try requireProvider(kind)
        let trimmed = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIError.invalidInput("The prompt is empty") }
        guard !limitLength || trimmed.count <= settings.maxPromptLength else {
            throw APIError.invalidInput("The prompt is too long: at most \(settings.maxPromptLength) characters (got \(trimmed.count))")
        }
        try Validate.noControlCharacters(trimmed, field: "prompt")
        let since = Date().addingTimeInterval(-3600)
        let recent = try await store.jobs(JobFilter(requestedBy: requestedBy, createdSince: since)).count
        guard recent < settings.rateLimitPerHour else {
            throw APIError.invalidInput("AI generation limit reached (\(settings.rateLimitPerHour) per hour); retry later")
        }
        var members = parameters
        members["prompt"] = .string(trimmed)
        let job = GenerationJob(
            kind: kind, parameters: .object(members), requestedBy: requestedBy, target: target, maxAttempts: max(1, settings.maxAttempts))
        try await store.insertJob(job)
        return job
    }

    /// The job once finished, or as it is after `seconds`.
    func wait(for id: ObjectId, upTo seconds: Double, store: any StoryStore) async throws -> GenerationJob? {
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
