import CEspeakNG
import Dispatch
import Foundation
import Protocols
import Synchronization

/// 16-bit mono PCM, as eSpeak NG produces it.
struct PCMAudio: Sendable {
    var samples: [Int16]
    var sampleRate: Int

    /// Seconds of sound.
    var duration: Double { sampleRate > 0 ? Double(samples.count) / Double(sampleRate) : 0 }
}

/// What one synthesis is asked for.
struct SynthesisJob: Sendable {
    var text: String
    var voice: String
    /// Words per minute.
    var rate: Int
    /// The folder holding `phontab` (or an `espeak-ng-data` folder); `nil`: the library's default.
    var dataPath: String?
}

/// The process's only door to eSpeak NG, which keeps global state and is not thread-safe:
/// every call runs on one dedicated serial queue, never on Swift's cooperative pool, and callers
/// wait on a continuation.
final class ESpeakEngine: Sendable {
    /// The one engine of the process.
    static let shared = ESpeakEngine()

    private let queue = DispatchQueue(label: "tts.espeak-ng", qos: .userInitiated)
    /// The data path eSpeak was initialised with, and its sample rate; touched on `queue` only.
    nonisolated(unsafe) private var initialised: (path: String?, sampleRate: Int)?

    private init() {}

    /// Synthesises `job`, reporting progress (0…1 of the text) and stopping between chunks once cancelled.
    /// - Throws: `CancellationError`, or ``GenerationError`` saying what went wrong.
    func synthesize(_ job: SynthesisJob, progress: @escaping ProgressHandler) async throws -> PCMAudio {
        let sink = SynthesisSink(textLength: job.text.utf8.count, progress: progress)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<PCMAudio, any Error>) in
                queue.async {
                    continuation.resume(with: Result { try self.run(job, sink: sink) })
                }
            }
        } onCancel: {
            sink.cancel()
        }
    }

    /// Runs on `queue`.
    private func run(_ job: SynthesisJob, sink: SynthesisSink) throws -> PCMAudio {
        if sink.isCancelled { throw CancellationError() }
        let sampleRate = try initialise(dataPath: job.dataPath)
        try selectVoice(job.voice)
        espeak_SetParameter(espeakRATE, Int32(job.rate), 0)

        currentSink = sink
        defer { currentSink = nil }
        let status = job.text.withCString { text in
            espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                         UInt32(espeakCHARS_UTF8), nil, nil)
        }
        if sink.isCancelled { throw CancellationError() }
        guard status == EE_OK else {
            throw GenerationError.permanent("eSpeak NG could not synthesise the text (error \(status.rawValue))")
        }
        return PCMAudio(samples: sink.samples, sampleRate: sampleRate)
    }

    /// Initialises the library once per data path; returns the sample rate.
    private func initialise(dataPath: String?) throws -> Int {
        if let initialised, initialised.path == dataPath { return initialised.sampleRate }
        if let dataPath, !Self.holdsVoiceData(dataPath) {
            throw GenerationError.unavailable(
                "eSpeak NG data not found in \(dataPath) (no phontab): install espeak-ng-data (apt-get install espeak-ng-data) or fix ESPEAK_DATA_PATH")
        }
        if initialised != nil { espeak_Terminate() }
        initialised = nil
        espeak_ng_InitializePath(dataPath)
        var context: espeak_ng_ERROR_CONTEXT?
        let status = espeak_ng_Initialize(&context)
        espeak_ng_ClearErrorContext(&context)
        guard status == ENS_OK else {
            throw GenerationError.unavailable(
                "eSpeak NG could not start (\(Self.message(status))): install espeak-ng-data (apt-get install espeak-ng-data)")
        }
        let output = espeak_ng_InitializeOutput(ENOUTPUT_MODE_SYNCHRONOUS, 200, nil)
        guard output == ENS_OK else {
            throw GenerationError.unavailable("eSpeak NG output could not start (\(Self.message(output)))")
        }
        espeak_SetSynthCallback(synthCallback)
        let sampleRate = Int(espeak_ng_GetSampleRate())
        initialised = (dataPath, sampleRate)
        return sampleRate
    }

    /// Selects `voice`, else its `-` spelling (`en_US` → `en-US`), else its language alone (`pt_XX` → `pt`).
    private func selectVoice(_ voice: String) throws {
        let dashed = voice.replacingOccurrences(of: "_", with: "-")
        let language = String(dashed.prefix { $0 != "-" && $0 != "+" })
        let found = [voice, dashed, language].contains { candidate in
            !candidate.isEmpty && candidate.withCString { espeak_SetVoiceByName($0) } == EE_OK
        }
        guard found else {
            throw GenerationError.permanent(
                "eSpeak NG has no voice or language '\(voice)' (try a code such as fr, en, en-us, de, es; `espeak-ng --voices` lists them)")
        }
    }

    private static func holdsVoiceData(_ path: String) -> Bool {
        let files = FileManager.default
        return files.fileExists(atPath: path + "/phontab") || files.fileExists(atPath: path + "/espeak-ng-data/phontab")
    }

    private static func message(_ status: espeak_ng_STATUS) -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        espeak_ng_GetStatusCodeMessage(status, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Collects what the callback hands over during one synthesis.
final class SynthesisSink: Sendable {
    private let cancelled = Atomic<Bool>(false)
    /// Written by the engine queue only, read once synthesis has returned.
    nonisolated(unsafe) private(set) var samples: [Int16] = []
    nonisolated(unsafe) private var reported = 0.0
    private let textLength: Int
    private let progress: ProgressHandler

    init(textLength: Int, progress: @escaping ProgressHandler) {
        self.textLength = max(textLength, 1)
        self.progress = progress
    }

    var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    func cancel() { cancelled.store(true, ordering: .releasing) }

    /// Takes one chunk; returns whether synthesis should go on.
    func receive(_ chunk: UnsafeBufferPointer<Int16>, textPosition: Int?) -> Bool {
        samples.append(contentsOf: chunk)
        if let textPosition {
            // Synthesis is most of the work: it covers 0…0.9, encoding the rest.
            let value = min(1, max(reported, Double(textPosition) / Double(textLength) * 0.9))
            if value > reported {
                reported = value
                progress(value)
            }
        }
        return !isCancelled
    }
}

/// The sink of the synthesis in progress; touched on the engine queue only.
nonisolated(unsafe) private var currentSink: SynthesisSink?

/// eSpeak's callback: a chunk of samples and its events. Returns 1 to abort.
private func synthCallback(_ wav: UnsafeMutablePointer<Int16>?, _ count: Int32, _ events: UnsafeMutablePointer<espeak_EVENT>?) -> Int32 {
    guard let sink = currentSink else { return 1 }
    var position: Int?
    if var event = events {
        while event.pointee.type != espeakEVENT_LIST_TERMINATED {
            if event.pointee.text_position > 0 { position = Int(event.pointee.text_position) }
            event += 1
        }
    }
    let chunk = UnsafeBufferPointer(start: wav, count: wav == nil ? 0 : Int(max(count, 0)))
    return sink.receive(chunk, textPosition: position) ? 0 : 1
}
