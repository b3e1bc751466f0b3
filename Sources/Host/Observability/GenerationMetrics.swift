import Metrics
import Protocols

/// What the generation queue records: `generation_jobs_total{kind, status}` (`queued` when a job is
/// stored, then `succeeded`, `retry` or `failed` as workers finish it) and, at each scrape,
/// `generation_queue_depth{kind}` (jobs waiting, from the store, so every process reports the shared queue).
enum GenerationMetrics {
    static func record(kind: GenerationKind, status: String) {
        Counter(label: "generation_jobs_total", dimensions: [("kind", kind.rawValue), ("status", status)]).increment()
    }

    static func record(kind: GenerationKind, outcome: JobOutcome) {
        switch outcome {
        case .succeeded: record(kind: kind, status: "succeeded")
        case .retry: record(kind: kind, status: "retry")
        case .failed: record(kind: kind, status: "failed")
        }
    }

    /// Sets the queue depth of every kind from the store's queued jobs.
    static func updateQueueDepth(from store: any StoryStore) async {
        guard let queued = try? await store.jobs(JobFilter(status: .queued)) else { return }
        var depth = Dictionary(uniqueKeysWithValues: GenerationKind.allCases.map { ($0, 0) })
        for job in queued { depth[job.kind, default: 0] += 1 }
        for (kind, count) in depth {
            Gauge(label: "generation_queue_depth", dimensions: [("kind", kind.rawValue)]).record(count)
        }
    }
}
