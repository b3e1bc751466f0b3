import Foundation
import Protocols
import Testing
@testable import MusicGen

/// Reading the worker's lines, WAV headers and the plugin's variables.
@Suite struct MusicGenUnitTests {
    @Test func readyAndNotReadyLines() {
        #expect(WorkerReply(line: #"{"ready": true, "model": "m"}"#) == .ready(["ready": .bool(true), "model": .string("m")]))
        #expect(WorkerReply(line: #"{"ready": false, "error": "pip install torch"}"#) == .notReady("pip install torch"))
    }

    @Test func progressAndResultLines() {
        #expect(WorkerReply(line: #"{"id": "a", "progress": 0.5}"#) == .progress(id: "a", value: 0.5))
        #expect(WorkerReply(line: #"{"id": "a", "ok": false, "error": "no"}"#) == .failed(id: "a", message: "no", transient: false))
        guard case .finished(let id, let wav, _) = WorkerReply(line: #"{"id": "a", "ok": true, "wav_base64": "UklGRg=="}"#) else {
            Issue.record("not a result"); return
        }
        #expect(id == "a")
        #expect(wav == Array("RIFF".utf8))
    }

    @Test(arguments: ["Loading…", "[1, 2]", #"{"progress": 0.5}"#, #"{"id": "a"}"#])
    func linesThatBreakTheProtocolAreMalformed(line: String) {
        guard case .malformed = WorkerReply(line: line) else { Issue.record("\(line) was accepted"); return }
    }

    @Test func wavHeaderGivesTheDuration() {
        var bytes = Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + [16, 0, 0, 0, 1, 0, 1, 0] + [0x00, 0x7D, 0, 0] + [0x00, 0xFA, 0, 0] + [2, 0, 16, 0]
        bytes += Array("LIST".utf8) + [3, 0, 0, 0, 1, 2, 3, 0]  // an odd-sized chunk, padded
        bytes += Array("data".utf8) + [0x00, 0xFA, 0, 0] + [UInt8](repeating: 0, count: 64_000)
        let wav = WAVInfo(parsing: bytes)
        #expect(wav == WAVInfo(sampleRate: 32_000, channels: 1, bitsPerSample: 16, dataBytes: 64_000))
        #expect(wav?.duration == 1)
        #expect(WAVInfo(parsing: Array("ID3 not a wav file at all, really not, no, not at all....".utf8)) == nil)
    }

    @Test func settingsHaveDefaults() throws {
        let settings = try MusicGenSettings(settings: DictionarySettings([:]))
        #expect(settings.python == "python3")
        #expect(settings.model == "facebook/musicgen-small")
        #expect(settings.device == "auto")
        #expect(settings.maxSeconds == 15)
        #expect(settings.workerScript.hasSuffix("worker/musicgen_worker.py"))
    }

    @Test func settingsAreReadAndPassedToTheWorker() throws {
        let settings = try MusicGenSettings(settings: DictionarySettings([
            "MUSICGEN_PYTHON": "/opt/venv/bin/python", "MUSICGEN_MODEL": "/models/musicgen-small",
            "MUSICGEN_DEVICE": "cuda", "MUSICGEN_MAX_SECONDS": "30",
        ]))
        #expect(settings.python == "/opt/venv/bin/python")
        #expect(settings.workerEnvironment["MUSICGEN_MODEL"] == "/models/musicgen-small")
        #expect(settings.workerEnvironment["MUSICGEN_DEVICE"] == "cuda")
        #expect(settings.workerEnvironment["MUSICGEN_MAX_SECONDS"] == "30.0")
    }

    @Test(arguments: ["0", "lots"])
    func aBadMaxSecondsIsRefused(value: String) {
        #expect(throws: PluginConfigurationError.self) {
            try MusicGenGenerator.make(settings: DictionarySettings(["MUSICGEN_MAX_SECONDS": value]))
        }
    }

    @Test("seconds out of range stop start-up, naming the variable and the range",
          arguments: [("MUSICGEN_MAX_SECONDS", "301", "1...300"), ("MUSICGEN_TIMEOUT_SECONDS", "0", "1...86400"),
                      ("MUSICGEN_START_TIMEOUT_SECONDS", "9999999999999", "1...86400")])
    func secondsRanges(variable: String, value: String, range: String) {
        #expect(throws: PluginConfigurationError.invalid(variable: variable, reason: "\(value) is outside the allowed range \(range)")) {
            try MusicGenGenerator.make(settings: DictionarySettings([variable: value]))
        }
    }
}
