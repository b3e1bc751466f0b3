import Protocols
import Testing
@testable import TTS

/// How `ESpeakSpeechGenerator.make(settings:)` reads its variables.
@Suite struct ESpeakSettingsTests {
    @Test func noConfigurationIsNeeded() throws {
        let generator = try ESpeakSpeechGenerator.make(settings: DictionarySettings([:]))
        #expect(generator.rate == 160)
        #expect(generator.voice == nil)
        #expect(generator.voiceName(for: "fr") == "fr")
    }

    @Test func voiceAndRateAreRead() throws {
        let generator = try ESpeakSpeechGenerator.make(settings: DictionarySettings(["TTS_VOICE": "en-us", "TTS_RATE": "200"]))
        #expect(generator.rate == 200)
        #expect(generator.voiceName(for: "fr") == "en-us")
    }

    @Test func aVariantIsAddedToTheRequestLanguage() throws {
        let generator = try ESpeakSpeechGenerator.make(settings: DictionarySettings(["TTS_VOICE": "+f3"]))
        #expect(generator.voiceName(for: "en") == "en+f3")
    }

    @Test(arguments: ["fast", "20", "1000"])
    func aBadRateIsRefused(rate: String) {
        #expect(throws: PluginConfigurationError.self) {
            try ESpeakSpeechGenerator.make(settings: DictionarySettings(["TTS_RATE": rate]))
        }
    }
}
