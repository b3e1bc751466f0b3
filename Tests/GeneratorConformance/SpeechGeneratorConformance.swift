import Protocols

/// What every ``SpeechGenerator`` adapter must do.
public enum SpeechGeneratorConformance {
    /// The request the cases send.
    public static let request = SpeechRequest(text: "Il était une fois un chevalier qui cherchait un dragon.", language: "fr")

    /// A text long enough (minutes of speech) for a generation to be cancelled while it runs.
    public static let longRequest = SpeechRequest(
        text: String(repeating: "Le chevalier traversa la forêt sombre et appela son fidèle compagnon. ", count: 600),
        language: "fr")

    /// Every case, for `@Test(arguments:)`.
    public static let allCases: [GeneratorConformanceCase<any SpeechGenerator>] = [
        .init("speech is MP3, WAV or FLAC whose MIME type and extension match its bytes") { make in
            let media = try await make(.working).generateSpeech(request, progress: { _ in })
            try ConformanceChecks.checkMedia(media, accepted: [.mp3, .wav, .flac])
        },
        .init("speech metadata holds a positive duration_seconds and the language") { make in
            let media = try await make(.working).generateSpeech(request, progress: { _ in })
            try ConformanceChecks.requirePositiveNumber(media.metadata, "duration_seconds")
            try ConformanceChecks.requireText(media.metadata, "language")
        },
        .init("speech progress stays within 0…1 and never goes back") { make in
            let recorder = ProgressRecorder()
            _ = try await make(.working).generateSpeech(request, progress: recorder.handler)
            try recorder.check()
        },
        .init("a cancelled speech generation ends promptly with an error") { make in
            let generator = try await make(.slow)
            try await ConformanceChecks.checkCancellation {
                try await generator.generateSpeech(longRequest, progress: { _ in })
            }
        },
        .init("an unavailable speech generator says what is missing") { make in
            let generator = try await make(.unavailable)
            try await ConformanceChecks.checkUnavailable {
                try await generator.generateSpeech(request, progress: { _ in })
            }
        },
    ]
}
