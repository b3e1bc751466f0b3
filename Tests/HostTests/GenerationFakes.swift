import Foundation
import Logging
import Protocols
import Synchronization
import Testing

@testable import Host

/// A provider of every kind whose calls the test scripts: each call of a kind takes that kind's next
/// list of steps (none: succeed at once). It records prompts and music requests, and how many calls
/// of each kind run at once.
final class FakeGenerator: ImageGenerator, SpeechGenerator, MusicGenerator, Sendable {
    enum Step: Sendable {
        /// Reports progress to the worker.
        case report(Double)
        case sleep(Duration)
        /// Waits until ``release()`` (or cancellation).
        case waitForRelease
        case fail(GenerationError)
    }

    private struct State {
        var scripts: [GenerationKind: [[Step]]] = [:]
        var prompts: [GenerationKind: [String]] = [:]
        var musicRequests: [MusicRequest] = []
        var running: [GenerationKind: Int] = [:]
        var mostRunning: [GenerationKind: Int] = [:]
        var released = false
    }

    private let state = Mutex(State())

    init(_ scripts: [GenerationKind: [[Step]]] = [:]) {
        state.withLock { $0.scripts = scripts }
    }

    func prompts(_ kind: GenerationKind) -> [String] { state.withLock { $0.prompts[kind] ?? [] } }
    var musicRequests: [MusicRequest] { state.withLock { $0.musicRequests } }
    func running(_ kind: GenerationKind) -> Int { state.withLock { $0.running[kind] ?? 0 } }
    func mostRunning(_ kind: GenerationKind) -> Int { state.withLock { $0.mostRunning[kind] ?? 0 } }
    func release() { state.withLock { $0.released = true } }

    func generateImage(_ request: ImageRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        try await perform(.image, request.prompt, progress)
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89]
        return GeneratedMedia(bytes: png, mimeType: "image/png", fileExtension: "png", metadata: ["width": .int(1), "height": .int(1)])
    }

    func generateSpeech(_ request: SpeechRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        try await perform(.speech, request.text, progress)
        return GeneratedMedia(bytes: [0xFF, 0xFB, 0x90, 0x64, 0, 0, 0, 0], mimeType: "audio/mpeg", fileExtension: "mp3", metadata: ["duration": .double(1.5), "language": .string(request.language)])
    }

    func generateMusic(_ request: MusicRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        state.withLock { $0.musicRequests.append(request) }
        try await perform(.music, request.description, progress)
        return GeneratedMedia(bytes: Array("RIFF....WAVE".utf8), mimeType: "audio/wav", fileExtension: "wav", metadata: ["duration_seconds": .double(request.durationSeconds)])
    }

    private func perform(_ kind: GenerationKind, _ prompt: String, _ progress: ProgressHandler) async throws {
        let steps = state.withLock { s in
            s.prompts[kind, default: []].append(prompt)
            s.running[kind, default: 0] += 1
            s.mostRunning[kind] = max(s.mostRunning[kind] ?? 0, s.running[kind]!)
            return s.scripts[kind]?.isEmpty == false ? s.scripts[kind]!.removeFirst() : []
        }
        defer { state.withLock { $0.running[kind, default: 1] -= 1 } }
        for step in steps {
            switch step {
            case .report(let value): progress(value)
            case .sleep(let duration): try await Task.sleep(for: duration)
            case .waitForRelease:
                while !state.withLock({ $0.released }) { try await Task.sleep(for: .milliseconds(10)) }
            case .fail(let error): throw error
            }
        }
        progress(1)
    }
}

/// A service whose providers of `kinds` are `fake`, with test-friendly settings (`env` wins).
func fakeGeneration(
    _ fake: FakeGenerator, kinds: Set<GenerationKind> = Set(GenerationKind.allCases), _ env: [String: String] = [:]
) throws -> GenerationService {
    var values = ["GENERATION_WAIT_SECONDS": "60", "GENERATION_MAX_ATTEMPTS": "3", "GENERATION_LEASE_SECONDS": "2"]
    values.merge(env) { _, new in new }
    var reasons: [GenerationKind: String] = [:]
    if !kinds.contains(.image) { reasons[.image] = "Image generation is not configured: set HUGGINGFACE_API_TOKEN (or IMAGE_PROVIDER)" }
    if !kinds.contains(.speech) { reasons[.speech] = "Speech generation is not configured: set TTS_PROVIDER" }
    if !kinds.contains(.music) { reasons[.music] = "Music generation is not configured: set MUSIC_PROVIDER=musicgen" }
    return GenerationService(
        image: kinds.contains(.image) ? fake : nil, speech: kinds.contains(.speech) ? fake : nil,
        music: kinds.contains(.music) ? fake : nil, unavailableReasons: reasons,
        settings: try GenerationSettings(EnvironmentSettings.from(values)))
}

/// Polls `condition` every 20 ms for up to `seconds`; `false` when it never held.
func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

/// Keeps what a logger logs, as "level: message" (info and above).
final class LogRecorder: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var warnings: [String] { all.filter { $0.hasPrefix("warning: ") } }

    func logger() -> Logger { Logger(label: "test") { _ in Handler(recorder: self) } }

    struct Handler: LogHandler {
        let recorder: LogRecorder
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            recorder.lines.withLock { $0.append("\(level): \(message)") }
        }
    }
}

extension TestServer {
    /// Workers of this server's store and storage running `generation`.
    func workers(_ generation: GenerationService) -> GenerationWorkers {
        GenerationWorkers(generation: generation, store: services.store, storage: services.storage, logger: services.logger)
            .with(pollInterval: .milliseconds(20))
    }

    /// This server's services with `generation`, logging to `logger`.
    func services(generation: GenerationService, logger: Logger) -> Services {
        let s = services
        return Services(
            settings: s.settings, store: s.store, storage: s.storage, tokens: s.tokens, passwords: s.passwords,
            loginThrottle: s.loginThrottle, generation: generation, logger: logger)
    }

    /// Removes the server's temporary folder.
    func remove() { try? FileManager.default.removeItem(at: directory) }
}

extension GenerationJob {
    /// A queued job of `kind` asking for `prompt`.
    static func queued(_ kind: GenerationKind, _ prompt: String, maxAttempts: Int = 3, target: JobTarget? = nil) -> GenerationJob {
        GenerationJob(kind: kind, parameters: .object(["prompt": .string(prompt)]), requestedBy: ObjectId(), target: target, maxAttempts: maxAttempts)
    }
}
