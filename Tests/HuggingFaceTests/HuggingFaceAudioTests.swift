import Foundation
import GeneratorConformance
import Protocols
import Testing
@testable import HuggingFace

/// Narration and music over the inference API pass the shared suites against the fake server.
@Suite struct HuggingFaceAudioTests {
    static func model(_ behaviour: String) -> String { "\(behaviour)/model-\(UUID().uuidString.prefix(8))" }

    @Test(arguments: SpeechGeneratorConformance.allCases)
    func speechConformance(_ check: GeneratorConformanceCase<any SpeechGenerator>) async throws {
        try await check.run { variant in
            let server = FakeInferenceServer.shared
            return switch variant {
            case .working: HuggingFaceSpeechGenerator(settings: try await server.settings(), model: Self.model("audio-ok"))
            case .slow: HuggingFaceSpeechGenerator(settings: try await server.settings(), model: Self.model("audio-slow"))
            case .unavailable: HuggingFaceSpeechGenerator(settings: try await server.settings(token: "revoked"), model: Self.model("audio-ok"))
            }
        }
    }

    @Test(arguments: MusicGeneratorConformance.allCases)
    func musicConformance(_ check: GeneratorConformanceCase<any MusicGenerator>) async throws {
        try await check.run { variant in
            let server = FakeInferenceServer.shared
            return switch variant {
            case .working: HuggingFaceMusicGenerator(settings: try await server.settings(), model: Self.model("audio-ok"))
            case .slow: HuggingFaceMusicGenerator(settings: try await server.settings(), model: Self.model("audio-slow"))
            case .unavailable: HuggingFaceMusicGenerator(settings: try await server.settings(token: "revoked"), model: Self.model("audio-ok"))
            }
        }
    }

    @Test func speechCarriesItsDurationLanguageAndModel() async throws {
        let model = Self.model("audio-ok")
        let generator = HuggingFaceSpeechGenerator(settings: try await FakeInferenceServer.shared.settings(), model: model)
        let media = try await generator.generateSpeech(SpeechRequest(text: "Hello", language: "en"), progress: { _ in })
        #expect(media.mimeType == "audio/wav")
        #expect(media.metadata["duration_seconds"]?.doubleValue == 1)
        #expect(media.metadata["language"] == .string("en"))
        #expect(media.metadata["model"] == .string(model))
        let last = try await FakeInferenceServer.shared.lastRequest(to: model)
        #expect(last["body"] == .object(["inputs": .string("Hello")]))
    }

    @Test func anAnswerThatIsNotASoundIsPermanent() async throws {
        let generator = HuggingFaceMusicGenerator(settings: try await FakeInferenceServer.shared.settings(), model: Self.model("audio-garbage"))
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "drums"), progress: { _ in })
        }
        guard case .permanent(let message)? = error else { Issue.record("expected .permanent, got \(String(describing: error))"); return }
        #expect(message.contains("not a WAV, FLAC or MP3"))
        #expect(message.contains("generated_text"))
    }

    @Test func modelsAreReadFromTheirVariables() throws {
        let settings = DictionarySettings(["HUGGINGFACE_API_TOKEN": "hf_x", "HF_TTS_MODEL": "facebook/mms-tts-eng", "HF_MUSIC_MODEL": "facebook/musicgen-medium"])
        #expect(try HuggingFaceSpeechGenerator.make(settings: settings).model == "facebook/mms-tts-eng")
        #expect(try HuggingFaceMusicGenerator.make(settings: settings).model == "facebook/musicgen-medium")
        #expect(throws: PluginConfigurationError.missing(variable: "HUGGINGFACE_API_TOKEN", plugin: "huggingface")) {
            try HuggingFaceMusicGenerator.make(settings: DictionarySettings([:]))
        }
    }
}

/// Reading the format and duration of the sounds the API may answer.
@Suite struct AudioHeaderTests {
    @Test func flacStreamInfo() {
        // 44.1 kHz, mono, 16 bits, 88,200 samples: 2 seconds.
        let rate: UInt64 = 44_100, samples: UInt64 = 88_200
        let packed = rate << 44 | 0 << 41 | 15 << 36 | samples
        let bytes = Array("fLaC".utf8) + [0x80, 0, 0, 34] + [UInt8](repeating: 0, count: 10)
            + (0..<8).reversed().map { UInt8(truncatingIfNeeded: packed >> (8 * UInt64($0))) } + [UInt8](repeating: 0, count: 16)
        #expect(AudioHeader(parsing: bytes) == AudioHeader(format: "flac", sampleRate: 44_100, duration: 2))
    }

    @Test func mp3FramesAreCountedAfterAnID3Tag() throws {
        // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames of 1,152 samples.
        let frame: [UInt8] = [0xFF, 0xFB, 0x90, 0x00] + [UInt8](repeating: 0, count: 413)
        let tag: [UInt8] = Array("ID3".utf8) + [4, 0, 0, 0, 0, 0, 5] + [1, 2, 3, 4, 5]
        let header = try #require(AudioHeader(parsing: tag + Array([[UInt8]](repeating: frame, count: 10).joined())))
        #expect(header.format == "mp3")
        #expect(header.mimeType == "audio/mpeg")
        #expect(abs(header.duration - 11_520.0 / 44_100) < 1e-9)
    }

    @Test(arguments: [Array("{\"error\": \"no\"}".utf8), [], Array("fLaC".utf8)])
    func somethingElseIsNotASound(bytes: [UInt8]) {
        #expect(AudioHeader(parsing: bytes) == nil)
    }
}
