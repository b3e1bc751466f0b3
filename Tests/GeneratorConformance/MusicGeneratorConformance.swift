import Protocols

/// What every ``MusicGenerator`` adapter must do.
public enum MusicGeneratorConformance {
    /// The request the cases send: short, so that real models answer quickly.
    public static let request = MusicRequest(description: "calm medieval lute ambience", durationSeconds: 1)

    /// Every case, for `@Test(arguments:)`.
    public static let allCases: [GeneratorConformanceCase<any MusicGenerator>] = [
        .init("music is WAV, MP3 or FLAC whose MIME type and extension match its bytes") { make in
            let media = try await make(.working).generateMusic(request, progress: { _ in })
            try ConformanceChecks.checkMedia(media, accepted: [.wav, .mp3, .flac])
        },
        .init("music metadata holds a positive duration_seconds and the model") { make in
            let media = try await make(.working).generateMusic(request, progress: { _ in })
            try ConformanceChecks.requirePositiveNumber(media.metadata, "duration_seconds")
            try ConformanceChecks.requireText(media.metadata, "model")
        },
        .init("music progress stays within 0…1 and never goes back") { make in
            let recorder = ProgressRecorder()
            _ = try await make(.working).generateMusic(request, progress: recorder.handler)
            try recorder.check()
        },
        .init("a cancelled music generation ends promptly with an error") { make in
            let generator = try await make(.slow)
            try await ConformanceChecks.checkCancellation {
                try await generator.generateMusic(request, progress: { _ in })
            }
        },
        .init("an unavailable music generator says what is missing") { make in
            let generator = try await make(.unavailable)
            try await ConformanceChecks.checkUnavailable {
                try await generator.generateMusic(request, progress: { _ in })
            }
        },
    ]
}
