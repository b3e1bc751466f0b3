import Protocols

/// What every ``ImageGenerator`` adapter must do.
public enum ImageGeneratorConformance {
    /// The request the cases send.
    public static let request = ImageRequest(prompt: "a castle on a hill at dawn", negativePrompt: "blurry")

    /// Every case, for `@Test(arguments:)`.
    public static let allCases: [GeneratorConformanceCase<any ImageGenerator>] = [
        .init("an image is PNG, JPEG or WebP whose MIME type and extension match its bytes") { make in
            let media = try await make(.working).generateImage(request, progress: { _ in })
            try ConformanceChecks.checkMedia(media, accepted: [.png, .jpeg, .webp])
        },
        .init("image metadata holds width, height, format, model and the prompt") { make in
            let media = try await make(.working).generateImage(request, progress: { _ in })
            try ConformanceChecks.requirePositiveNumber(media.metadata, "width")
            try ConformanceChecks.requirePositiveNumber(media.metadata, "height")
            try ConformanceChecks.requireText(media.metadata, "format")
            try ConformanceChecks.requireText(media.metadata, "model")
            try require(media.metadata["prompt"]?.stringValue == request.prompt,
                        "metadata prompt is \(String(describing: media.metadata["prompt"])), not the request's")
        },
        .init("image progress stays within 0…1 and never goes back") { make in
            let recorder = ProgressRecorder()
            _ = try await make(.working).generateImage(request, progress: recorder.handler)
            try recorder.check()
        },
        .init("a cancelled image generation ends promptly with an error") { make in
            let generator = try await make(.slow)
            try await ConformanceChecks.checkCancellation {
                try await generator.generateImage(request, progress: { _ in })
            }
        },
        .init("an unavailable image generator says what is missing") { make in
            let generator = try await make(.unavailable)
            try await ConformanceChecks.checkUnavailable {
                try await generator.generateImage(request, progress: { _ in })
            }
        },
    ]
}
