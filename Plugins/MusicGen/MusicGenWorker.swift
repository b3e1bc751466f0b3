import Foundation
import Protocols

/// The long-lived Python worker of one generator: started on first use, restarted after it dies, and
/// spoken to one JSON line at a time (see ``WorkerReply``). Requests queue in the worker, which runs one
/// at a time.
actor MusicGenWorker {
    /// What a finished generation gives back.
    struct Output: Sendable {
        var wav: [UInt8]
        var details: [String: JSONValue]
    }

    private struct Pending {
        var continuation: CheckedContinuation<Output, any Error>
        var progress: ProgressHandler
        var reported: Double = 0
        var timer: Task<Void, Never>
    }

    let settings: MusicGenSettings
    private var process: WorkerProcess?
    /// Counts starts, so that events of a worker already replaced are ignored.
    private var generation = 0
    private var readyInfo: [String: JSONValue]?
    /// Whether a worker is being started; the requests waiting for it.
    private var isStarting = false
    private var startWaiters: [UUID: CheckedContinuation<Void, any Error>] = [:]
    private var startTimer: Task<Void, Never>?
    private var pending: [String: Pending] = [:]

    init(settings: MusicGenSettings) {
        self.settings = settings
    }

    /// What the worker said when it became ready (model, device, sample rate), `nil` before.
    var info: [String: JSONValue]? { readyInfo }

    /// Generates `seconds` of music for `prompt`.
    /// - Throws: `CancellationError`, or ``GenerationError``: `.unavailable` when the worker cannot start,
    ///   `.transient` when it dies or times out, `.permanent` when it fails or breaks the protocol.
    func generate(prompt: String, seconds: Double, progress: @escaping ProgressHandler) async throws -> Output {
        try await ensureReady()
        try Task.checkCancellation()
        guard let process else { throw GenerationError.transient("the music worker stopped before the request could be sent") }
        let id = UUID().uuidString
        let line = JSONValue.object(["id": .string(id), "prompt": .string(prompt), "seconds": .double(seconds)]).jsonString
        let started = generation
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                if Task.isCancelled { continuation.resume(throwing: CancellationError()); return }
                let timeout = settings.requestTimeout
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: .seconds(timeout))
                    if !Task.isCancelled { await self?.requestTimedOut(id, generation: started) }
                }
                pending[id] = Pending(continuation: continuation, progress: progress, timer: timer)
                process.send(line)
            }
        } onCancel: {
            Task { await self.cancel(id) }
        }
    }

    /// Stops the worker; the next request starts a new one.
    func stop() {
        process?.kill()
        process = nil
        readyInfo = nil
        finishStart(.failure(GenerationError.transient("the music worker was stopped while it started")))
        forget(failing: GenerationError.transient("the music worker was stopped"))
    }

    // MARK: Start

    /// Returns once a worker is ready, starting one if needed. Waiting can be cancelled; the start goes on
    /// for later requests.
    private func ensureReady() async throws {
        if process != nil, readyInfo != nil { return }
        let waiter = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                if Task.isCancelled { continuation.resume(throwing: CancellationError()); return }
                startWaiters[waiter] = continuation
                if !isStarting {
                    isStarting = true
                    start()
                }
            }
        } onCancel: {
            Task { await self.stopWaiting(waiter) }
        }
    }

    private func stopWaiting(_ waiter: UUID) {
        startWaiters.removeValue(forKey: waiter)?.resume(throwing: CancellationError())
    }

    /// Launches a worker; ``finishStart(_:)`` is called when it says it is ready, or is not, or dies, or is late.
    private func start() {
        signal(SIGPIPE, SIG_IGN)  // a worker that dies must not take the server with it
        guard FileManager.default.fileExists(atPath: settings.workerScript) else {
            finishStart(.failure(GenerationError.unavailable(
                "the MusicGen worker script is missing at \(settings.workerScript): deploy the story-server_MusicGen.resources folder beside the executable, or set MUSICGEN_WORKER_SCRIPT")))
            return
        }
        let worker: WorkerProcess
        do {
            worker = try WorkerProcess(executable: settings.python, arguments: [settings.workerScript],
                                       environment: settings.workerEnvironment)
        } catch let refused as SpawnRefused {
            finishStart(.failure(GenerationError.transient("the MusicGen worker was not started: \(refused)", retryAfter: 5)))
            return
        } catch {
            finishStart(.failure(GenerationError.unavailable(
                "music generation needs Python 3 with torch and transformers, but \(settings.python) could not be started (\(error)): install Python 3 or set MUSICGEN_PYTHON, then pip install torch transformers")))
            return
        }
        generation += 1
        let current = generation
        process = worker
        readyInfo = nil
        Task { [weak self] in
            for await event in worker.events { await self?.handle(event, generation: current) }
        }
        let timeout = settings.startTimeout
        startTimer = Task { [weak self] in
            try? await Task.sleep(for: .seconds(timeout))
            if !Task.isCancelled { await self?.startTimedOut(generation: current) }
        }
    }

    private func startTimedOut(generation current: Int) {
        guard current == generation, isStarting else { return }
        process?.kill()
        process = nil
        finishStart(.failure(GenerationError.transient(
            "the music worker did not load \(settings.model) within \(Int(settings.startTimeout)) s (MUSICGEN_START_TIMEOUT_SECONDS)")))
    }

    /// Ends the start in progress, if any, telling every waiting request.
    private func finishStart(_ result: Result<Void, any Error>) {
        guard isStarting else { return }
        isStarting = false
        startTimer?.cancel()
        startTimer = nil
        let waiters = startWaiters
        startWaiters = [:]
        for waiter in waiters.values { waiter.resume(with: result) }
    }

    // MARK: Events

    private func handle(_ event: WorkerEvent, generation current: Int) {
        guard current == generation else { return }
        switch event {
        case .line(let line):
            handle(WorkerReply(line: line))
        case .exited(let status, let stderrTail):
            let said = stderrTail.isEmpty ? "" : ": \(WorkerReply.excerpt(String(stderrTail.suffix(600))))"
            process = nil
            readyInfo = nil
            finishStart(.failure(GenerationError.unavailable(
                "the music worker stopped before it was ready (exit status \(status))\(said). Music generation needs Python 3 with torch and transformers (pip install torch transformers) and the model \(settings.model)")))
            forget(failing: GenerationError.transient(
                "the music worker stopped (exit status \(status)) while generating\(said); it is restarted on the next request"))
        }
    }

    private func handle(_ reply: WorkerReply) {
        switch reply {
        case .ready(let info):
            readyInfo = info
            finishStart(.success(()))
        case .notReady(let message):
            process?.kill()
            process = nil
            finishStart(.failure(GenerationError.unavailable(message)))
        case .progress(let id, let value):
            guard var request = pending[id] else { return }
            let clamped = min(max(value, request.reported), 1)
            if clamped > request.reported || request.reported == 0 {
                request.reported = clamped
                pending[id] = request
                request.progress(clamped)
            }
        case .finished(let id, let wav, let details):
            finish(id, with: .success(Output(wav: wav, details: details)))
        case .failed(let id, let message, let transient):
            finish(id, with: .failure(transient ? GenerationError.transient(message) : GenerationError.permanent(message)))
        case .malformed(let id?, let problem) where pending[id] != nil:
            finish(id, with: .failure(GenerationError.permanent("the music worker answered badly: \(problem)")))
        case .malformed(_, let problem):
            // The protocol is broken: nothing the worker says can be trusted any more.
            process?.kill()
            process = nil
            readyInfo = nil
            let error = GenerationError.permanent("the music worker broke its protocol with \(problem); it was restarted")
            finishStart(.failure(GenerationError.unavailable("the music worker broke its protocol with \(problem)")))
            forget(failing: error)
        }
    }

    // MARK: Requests

    private func finish(_ id: String, with result: Result<Output, any Error>) {
        guard let request = pending.removeValue(forKey: id) else { return }
        request.timer.cancel()
        request.continuation.resume(with: result)
    }

    private func cancel(_ id: String) {
        guard pending[id] != nil else { return }
        process?.send(JSONValue.object(["cancel": .string(id)]).jsonString)
        finish(id, with: .failure(CancellationError()))
    }

    private func requestTimedOut(_ id: String, generation started: Int) {
        guard pending[id] != nil else { return }
        // A worker stuck past the timeout cannot be trusted to stop: replace it.
        finish(id, with: .failure(GenerationError.transient(
            "music generation took longer than \(Int(settings.requestTimeout)) s (MUSICGEN_TIMEOUT_SECONDS); the worker was restarted")))
        if started == generation {
            process?.kill()
            process = nil
            readyInfo = nil
            forget(failing: GenerationError.transient("the music worker was restarted after another request timed out"))
        }
    }

    /// Fails every pending request with `error`.
    private func forget(failing error: GenerationError) {
        let requests = pending
        pending = [:]
        for request in requests.values {
            request.timer.cancel()
            request.continuation.resume(throwing: error)
        }
    }
}
