import Domain
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

    /// The rules of generation over `store` (see ``GenerationQueue``).
    func queue(store: any StoryStore) -> GenerationQueue {
        GenerationQueue(
            store: store, available: availableKinds, unavailableReasons: unavailableReasons,
            limits: GenerationQueue.Limits(
                maxPromptLength: settings.maxPromptLength, rateLimitPerHour: settings.rateLimitPerHour,
                maxAttempts: settings.maxAttempts))
    }

    /// Queues a job (see ``GenerationQueue/enqueue(_:prompt:parameters:requestedBy:target:limitLength:)``).
    func enqueue(
        _ kind: GenerationKind, prompt: String, parameters: [String: JSONValue], requestedBy: ObjectId,
        target: JobTarget? = nil, limitLength: Bool = true, store: any StoryStore
    ) async throws -> GenerationJob {
        try await queue(store: store).enqueue(
            kind, prompt: prompt, parameters: parameters, requestedBy: requestedBy, target: target, limitLength: limitLength)
    }

    /// The job once finished, or as it is after `seconds`.
    func wait(for id: ObjectId, upTo seconds: Double, store: any StoryStore) async throws -> GenerationJob? {
        try await queue(store: store).wait(for: id, upTo: seconds)
    }
}
