import Foundation
import Protocols

/// Offline narration (`TTS_PROVIDER=espeak`, the default): eSpeak NG speaks, LAME encodes to MP3.
///
/// Works with no configuration. Variables:
/// - `TTS_VOICE`: an eSpeak voice (`fr`, `en-us`, `fr+f3`) used for every request, or a variant that starts
///   with `+` (`+f3`) added to each request's language; unset: the request's language.
/// - `TTS_RATE`: words per minute, 80…450 (default 160).
/// - `ESPEAK_DATA_PATH`: the folder of eSpeak NG's data; unset: the library's own.
///
/// Synthesis is serialised on one dedicated thread (eSpeak is not thread-safe); concurrent requests queue.
public struct ESpeakSpeechGenerator: SpeechGenerator {
    /// The voice setting (`TTS_VOICE`), `nil` to use the request's language.
    public var voice: String?
    /// Words per minute.
    public var rate: Int
    /// eSpeak NG's data folder, `nil` for the library's default.
    public var dataPath: String?
    /// MP3 bit rate, kbit/s.
    public var bitRate: Int

    public init(voice: String? = nil, rate: Int = 160, dataPath: String? = nil, bitRate: Int = 64) {
        self.voice = voice
        self.rate = rate
        self.dataPath = dataPath
        self.bitRate = bitRate
    }

    /// The generator the settings describe.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` for a rate that is not 80…450.
    public static func make(settings: any PluginSettings) throws -> Self {
        let rate = try settings.int("TTS_RATE", default: 160)
        guard (80...450).contains(rate) else {
            throw PluginConfigurationError.invalid(variable: "TTS_RATE", reason: "\(rate) words per minute is not within 80…450")
        }
        return Self(voice: settings.string("TTS_VOICE"), rate: rate, dataPath: settings.string("ESPEAK_DATA_PATH"))
    }

    /// The eSpeak voice for a request's language.
    func voiceName(for language: String) -> String {
        guard let voice else { return language }
        return voice.hasPrefix("+") ? language + voice : voice
    }

    public func generateSpeech(_ request: SpeechRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        let text = request.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw GenerationError.permanent("nothing to narrate: the text is empty") }
        let language = request.language.trimmingCharacters(in: .whitespaces).isEmpty ? "fr" : request.language
        let voice = voiceName(for: language)
        progress(0)
        let audio = try await ESpeakEngine.shared.synthesize(
            SynthesisJob(text: text, voice: voice, rate: rate, dataPath: dataPath), progress: progress)
        guard !audio.samples.isEmpty else { throw GenerationError.permanent("eSpeak NG produced no sound for the text") }
        try Task.checkCancellation()
        let mp3 = try await MP3Encoder(bitRate: bitRate).encode(audio)
        try Task.checkCancellation()
        progress(1)
        return GeneratedMedia(bytes: mp3, mimeType: "audio/mpeg", fileExtension: "mp3", metadata: [
            "duration_seconds": .double(audio.duration),
            "language": .string(language),
            "voice": .string(voice),
            "sample_rate": .int(audio.sampleRate),
            "rate_wpm": .int(rate),
            "bit_rate_kbps": .int(bitRate),
            "provider": .string("espeak-ng"),
        ])
    }
}
