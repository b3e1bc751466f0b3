import Foundation
import Protocols
import Testing
@testable import TTS

/// eSpeak NG narration, for real: the MP3 it returns decodes with sox and holds speech.
@Suite struct ESpeakSpeechGeneratorTests {
    let generator = ESpeakSpeechGenerator()

    @Test(arguments: [
        ("fr", "Bienvenue dans la forêt enchantée. Choisissez votre chemin avec prudence."),
        ("en", "Welcome to the enchanted forest. Choose your path carefully."),
    ])
    func narrationIsAudibleMP3(language: String, text: String) async throws {
        let media = try await generator.generateSpeech(SpeechRequest(text: text, language: language), progress: { _ in })
        #expect(media.mimeType == "audio/mpeg")
        #expect(media.fileExtension == "mp3")
        let stat = try SoxStat.of(media.bytes, fileExtension: "mp3")
        #expect(stat.lengthSeconds > 2)
        #expect(stat.rmsAmplitude > 0.01, "the narration is silence")
        let duration = try #require(media.metadata["duration_seconds"]?.doubleValue)
        #expect(abs(duration - stat.lengthSeconds) < 0.5, "metadata says \(duration) s, sox reads \(stat.lengthSeconds) s")
        #expect(media.metadata["language"] == .string(language))
        #expect(media.metadata["voice"] == .string(language))
        #expect(media.metadata["sample_rate"]?.intValue == 22050)
    }

    @Test func aLongerTextLastsLonger() async throws {
        let short = try await generator.generateSpeech(SpeechRequest(text: "Bonjour."), progress: { _ in })
        let long = try await generator.generateSpeech(
            SpeechRequest(text: "Bonjour. Le dragon dort au fond de la caverne, et personne n'ose le réveiller."), progress: { _ in })
        let shortSeconds = try SoxStat.of(short.bytes, fileExtension: "mp3").lengthSeconds
        let longSeconds = try SoxStat.of(long.bytes, fileExtension: "mp3").lengthSeconds
        #expect(longSeconds > shortSeconds + 1)
        #expect(try #require(long.metadata["duration_seconds"]?.doubleValue) > #require(short.metadata["duration_seconds"]?.doubleValue))
    }

    @Test func aSlowerRateLastsLonger() async throws {
        let text = SpeechRequest(text: "Le chevalier ouvrit la porte du château.")
        let fast = try await ESpeakSpeechGenerator(rate: 300).generateSpeech(text, progress: { _ in })
        let slow = try await ESpeakSpeechGenerator(rate: 100).generateSpeech(text, progress: { _ in })
        #expect(try #require(slow.metadata["duration_seconds"]?.doubleValue) > #require(fast.metadata["duration_seconds"]?.doubleValue) * 1.5)
    }

    @Test func anUnknownLanguageIsAPermanentErrorNamingIt() async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateSpeech(SpeechRequest(text: "Bonjour", language: "xx-klingon"), progress: { _ in })
        }
        guard case .permanent(let message)? = error else { Issue.record("expected .permanent, got \(String(describing: error))"); return }
        #expect(message.contains("xx-klingon"))
    }

    @Test(arguments: ["en_US", "fr-FR", "pt_XX"])
    func regionalSpellingsFindAVoice(language: String) async throws {
        let media = try await generator.generateSpeech(SpeechRequest(text: "Bonjour", language: language), progress: { _ in })
        #expect(media.metadata["language"] == .string(language))
    }

    @Test(arguments: ["", "   \n "])
    func emptyTextIsAPermanentError(text: String) async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateSpeech(SpeechRequest(text: text), progress: { _ in })
        }
        guard case .permanent(let message)? = error else { Issue.record("expected .permanent, got \(String(describing: error))"); return }
        #expect(message.contains("empty"))
    }

    @Test func concurrentRequestsAllSucceed() async throws {
        let texts = (1...8).map { SpeechRequest(text: "Voici la scène numéro \($0). Le héros avance.", language: $0.isMultiple(of: 2) ? "fr" : "en") }
        let durations = try await withThrowingTaskGroup(of: Double.self) { group in
            for request in texts {
                group.addTask {
                    let media = try await generator.generateSpeech(request, progress: { _ in })
                    return try SoxStat.of(media.bytes, fileExtension: "mp3").rmsAmplitude
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(durations.count == texts.count)
        #expect(durations.allSatisfy { $0 > 0.01 })
    }

    @Test func progressEndsAtOne() async throws {
        let values = ValuesBox()
        _ = try await generator.generateSpeech(SpeechRequest(text: "Une phrase. Puis une autre. Et une troisième."),
                                               progress: { values.append($0) })
        #expect(values.all.first == 0)
        #expect(values.all.last == 1)
    }
}

/// A thread-safe list of progress values.
final class ValuesBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    func append(_ value: Double) { lock.withLock { values.append(value) } }
    var all: [Double] { lock.withLock { values } }
}
