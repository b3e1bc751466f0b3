import Domain
import Foundation
import Logging
import Protocols
import ServiceLifecycle
import Synchronization

/// Runs queued generation jobs: `GENERATION_WORKERS` loops per kind of `GENERATION_WORKER_KINDS` (by
/// default every available kind), each claiming one job at a time with a lease that it renews while
/// the provider works. A job whose lease lapses (its process died) is claimed again by any worker;
/// transient failures are retried with back-off up to the job's `maxAttempts`; permanent ones fail at
/// once with the provider's message. Progress the provider reports is written through, throttled, by
/// the task that renews the lease.
struct GenerationWorkers: Service {
    let generation: GenerationService
    let store: any StoryStore
    let storage: any FileStorage
    let logger: Logger
    /// The files of assets this worker made and gave up.
    var assets: AssetService { AssetService(store: store, storage: storage, report: { [logger] in logger.warning("\($0)") }) }
    /// How long a worker sleeps when the queue is empty.
    var pollInterval: Duration = .milliseconds(500)

    /// How often the lease task wakes to write progress, and the least change of progress it writes.
    var progressInterval: Duration = .seconds(1)
    var progressStep: Double = 0.05

    /// The loops `run()` starts: `GENERATION_WORKERS` (at least one) per kind this process claims.
    var plan: [(kind: GenerationKind, index: Int)] {
        let count = max(1, generation.settings.workersPerKind)  // `story-server worker` runs at least one
        return generation.workerKinds.sorted { $0.rawValue < $1.rawValue }.flatMap { kind in (0..<count).map { (kind, $0) } }
    }

    /// Runs the loops of ``plan`` until graceful shutdown. Both callers make sure there is a kind to
    /// claim (``inServer(_:)`` answers `nil` without one; `story-server worker` refuses to start), and
    /// ``inServer(_:)`` warns once about the named kinds this process cannot run.
    func run() async throws {
        let plan = plan
        let kinds = Set(plan.map(\.kind)).map(\.rawValue).sorted()
        logger.info("generation workers: \(max(1, generation.settings.workersPerKind)) per kind for \(kinds.joined(separator: ", "))")
        // On graceful shutdown the loops are cancelled: a job in flight stops, its lease lapses and
        // another worker (or this one after a restart) takes it again.
        await withGracefulShutdownHandler {
            await cancelWhenGracefulShutdown {
                await withTaskGroup(of: Void.self) { group in
                    for (kind, n) in plan {
                        let owner = "\(ProcessInfo.processInfo.hostName)-\(ProcessInfo.processInfo.processIdentifier)-\(kind.rawValue)-\(n)-\(UInt32.random(in: 0...UInt32.max))"
                        group.addTask { await self.loop(kind: kind, owner: owner) }
                    }
                }
            }
        } onGracefulShutdown: {
            logger.info("generation workers stopping")
        }
        logger.info("generation workers stopped")
    }

    /// The workers a server process runs beside the API; `nil` when `GENERATION_WORKERS` is 0 or
    /// `GENERATION_WORKER_KINDS` leaves no kind this process can run.
    static func inServer(_ services: Services) -> GenerationWorkers? {
        guard let generation = services.generation, generation.settings.workersPerKind > 0 else { return nil }
        for (kind, reason) in generation.unservedWorkerKinds {
            services.logger.warning("GENERATION_WORKER_KINDS names \(kind.rawValue), which this server cannot run: \(reason)")
        }
        guard !generation.workerKinds.isEmpty else { return nil }
        return GenerationWorkers(generation: generation, store: services.store, storage: services.storage, logger: services.logger)
    }

    /// Claims and runs jobs of `kind` until cancelled.
    func loop(kind: GenerationKind, owner: String) async {
        while !Task.isCancelled {
            do {
                if try await runNext(kinds: [kind], owner: owner) == nil {
                    try await Task.sleep(for: pollInterval)
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("generation worker \(owner): \(error)")
                try? await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Claims one job and runs it to its end; `nil` when none was waiting.
    @discardableResult
    func runNext(kinds: Set<GenerationKind>, owner: String) async throws -> GenerationJob? {
        let lease = generation.settings.leaseSeconds
        guard let job = try await store.claimJob(kinds: kinds, owner: owner, now: Date(), leaseUntil: Date().addingTimeInterval(lease)) else {
            return nil
        }
        if job.attempts > job.maxAttempts {
            let reason = job.errorMessage.map { "Gave up after \(job.maxAttempts) attempts: \($0)" } ?? "Gave up after \(job.maxAttempts) attempts"
            if try await store.finishJob(jobId: job.id, owner: owner, outcome: .failed(message: reason), at: Date()) {
                GenerationMetrics.record(kind: job.kind, status: "failed")
            }
            return job
        }
        let progress = ProgressRelay()
        let store = store
        let keeper = Task {
            await keepLease(of: job.id, progress: progress) { value in
                try await store.renewLease(jobId: job.id, owner: owner, leaseUntil: Date().addingTimeInterval(lease), progress: value)
            }
        }
        defer { keeper.cancel() }
        var outcome: JobOutcome
        do {
            let media = try await generate(job, progress: { progress.report($0) })
            let asset = try await saveAsset(media, for: job)
            guard try await store.finishJob(jobId: job.id, owner: owner, outcome: .succeeded(assetId: asset.id), at: Date()) else {
                // Another worker took the job over: keep no orphan.
                if let deleted = try? await store.deleteAsset(id: asset.id) { await assets.removeFiles(of: [deleted]) }
                return job
            }
            GenerationMetrics.record(kind: job.kind, status: "succeeded")
            if let target = job.target {
                _ = try await store.attachAsset(asset.id, to: target.slot, ofScene: target.sceneId)
            }
            return job
        } catch let error as GenerationError {
            outcome = Self.outcome(of: error, job: job)
        } catch is CancellationError {
            // Shutting down: the lease lapses and another worker takes the job again.
            throw CancellationError()
        } catch {
            outcome = Self.outcome(of: .transient("\(error)"), job: job)
        }
        if case .failed(let message) = outcome { logger.warning("generation job \(job.id) failed: \(message)") }
        if try await store.finishJob(jobId: job.id, owner: owner, outcome: outcome, at: Date()) {
            GenerationMetrics.record(kind: job.kind, outcome: outcome)
        }
        return job
    }

    /// Keeps the lease of a running job and writes its progress, from one task so that writes land in
    /// order: every `progressInterval` (sooner with a short lease) it calls `renew` with the latest
    /// progress when that moved by `progressStep` since the last write, or when a third of the lease
    /// passed since the last renewal. A failed renewal is logged and tried again at the next wake-up;
    /// returns when `renew` answers `false` (another worker holds the job) or on cancellation.
    func keepLease(of jobId: ObjectId, progress: ProgressRelay, renew: (Double?) async throws -> Bool) async {
        var schedule = LeaseSchedule(renewEvery: .seconds(max(0.2, generation.settings.leaseSeconds / 3)), minChange: progressStep)
        let wake = min(progressInterval, schedule.renewEvery)
        while !Task.isCancelled {
            do { try await Task.sleep(for: wake) } catch { return }
            let value = progress.value
            let now = ContinuousClock.now
            guard schedule.isDue(progress: value, at: now) else { continue }
            do {
                guard try await renew(value) else { return }
                schedule.renewed(progress: value, at: now)
            } catch {
                if Task.isCancelled { return }
                logger.warning("generation job \(jobId): renewing the lease failed, trying again: \(error)")
            }
        }
    }

    /// Retry transient errors with exponential back-off (or the provider's `retryAfter`) while attempts remain.
    static func outcome(of error: GenerationError, job: GenerationJob, now: Date = Date()) -> JobOutcome {
        switch error {
        case .transient(let message, let retryAfter):
            guard job.attempts < job.maxAttempts else {
                return .failed(message: "\(message) (after \(job.attempts) attempts)")
            }
            let backoff = retryAfter ?? min(300, pow(2, Double(job.attempts)))
            return .retry(message: message, retryAt: now.addingTimeInterval(backoff))
        case .permanent(let message), .notConfigured(let message), .unavailable(let message):
            return .failed(message: message)
        }
    }

    private func generate(_ job: GenerationJob, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        let p = job.parameters
        let prompt = p["prompt"]?.stringValue ?? ""
        switch job.kind {
        case .image:
            guard let image = generation.image else { throw GenerationError.notConfigured(generation.unavailableReasons[.image] ?? "image") }
            return try await image.generateImage(ImageRequest(prompt: prompt, negativePrompt: p["negative_prompt"]?.stringValue), progress: progress)
        case .speech:
            guard let speech = generation.speech else { throw GenerationError.notConfigured(generation.unavailableReasons[.speech] ?? "speech") }
            return try await speech.generateSpeech(SpeechRequest(text: prompt, language: p["language"]?.stringValue ?? "fr"), progress: progress)
        case .music:
            guard let music = generation.music else { throw GenerationError.notConfigured(generation.unavailableReasons[.music] ?? "music") }
            return try await music.generateMusic(MusicRequest(description: prompt, durationSeconds: p["duration"]?.doubleValue ?? 15), progress: progress)
        }
    }

    /// Stores the bytes and records the asset, requested by the job's requester (through
    /// ``AssetService/keep(_:uploadedBy:)``, which leaves no file behind when the record fails).
    private func saveAsset(_ media: GeneratedMedia, for job: GenerationJob) async throws -> Asset {
        let kind: AssetKind = job.kind == .image ? .image : .sound
        var metadata = media.metadata
        metadata["generated"] = .bool(true)
        metadata["job_id"] = .string(job.id.hexString)
        let name = job.parameters["name"]?.stringValue ?? String((job.parameters["prompt"]?.stringValue ?? job.kind.rawValue).prefix(60))
        let file = NewAssetFile(
            body: .bytes(media.bytes), kind: kind, fileExtension: media.fileExtension, mimeType: media.mimeType,
            size: media.bytes.count, name: name, isPublic: true, metadata: metadata)
        return try await AssetService.keep(file, uploadedBy: job.requestedBy, storage: storage, store: store, report: { logger.warning("\($0)") })
    }
}

/// The latest progress a provider reported, clamped to 0…1 (NaN is ignored); safe from any thread.
final class ProgressRelay: Sendable {
    private let latest = Mutex<Double?>(nil)

    var value: Double? { latest.withLock { $0 } }

    func report(_ value: Double) {
        guard !value.isNaN else { return }
        latest.withLock { $0 = min(1, max(0, value)) }
    }
}

/// When the lease task writes: the progress moved by `minChange` or more since the last write (or
/// is the first reported), or `renewEvery` passed since the last renewal.
struct LeaseSchedule {
    let renewEvery: Duration
    let minChange: Double
    private(set) var written: Double?
    private(set) var renewedAt: ContinuousClock.Instant

    init(renewEvery: Duration, minChange: Double, renewedAt: ContinuousClock.Instant = .now) {
        self.renewEvery = renewEvery
        self.minChange = minChange
        self.renewedAt = renewedAt
    }

    func isDue(progress: Double?, at now: ContinuousClock.Instant) -> Bool {
        if now - renewedAt >= renewEvery { return true }
        guard let progress else { return false }
        // The slack lets a step of exactly `minChange` count (0.35 - 0.3 is 0.04999… in binary).
        return written.map { abs(progress - $0) >= minChange - 1e-9 } ?? true
    }

    mutating func renewed(progress: Double?, at now: ContinuousClock.Instant) {
        if let progress { written = progress }
        renewedAt = now
    }
}

extension GenerationWorkers {
    /// The same workers polling the queue every `interval` when it is empty.
    func with(pollInterval interval: Duration) -> GenerationWorkers {
        var copy = self
        copy.pollInterval = interval
        return copy
    }
}
