import Protocols
import Testing
@testable import HuggingFace

/// What the adapter does with each kind of answer the inference API really gives.
@Suite struct HuggingFaceImageGeneratorTests {
    let server = FakeInferenceServer.shared
    let request = ImageRequest(prompt: "a lighthouse in a storm", negativePrompt: "text, watermark")

    @Test func anImageComesBackWithItsSizeFormatModelAndPrompt() async throws {
        let generator = try await server.generator("ok")
        let media = try await generator.generateImage(request, progress: { _ in })
        #expect(media.mimeType == "image/png")
        #expect(media.fileExtension == "png")
        #expect(media.metadata["width"] == .int(64))
        #expect(media.metadata["height"] == .int(48))
        #expect(media.metadata["format"] == .string("png"))
        #expect(media.metadata["model"] == .string(generator.model))
        #expect(media.metadata["prompt"] == .string("a lighthouse in a storm"))
    }

    @Test func theRequestCarriesTheTokenPromptAndParameters() async throws {
        let generator = try await server.generator("ok")
        _ = try await generator.generateImage(request, progress: { _ in })
        let last = try await server.lastRequest(to: generator.model)
        #expect(last["path"] == .string("/models/\(generator.model)"))
        #expect(last["authorization"] == .string("Bearer test-token"))
        #expect(last["body"]?["inputs"] == .string("a lighthouse in a storm"))
        #expect(last["body"]?["parameters"]?["negative_prompt"] == .string("text, watermark"))
        #expect(last["body"]?["parameters"]?["num_inference_steps"] == .int(30))
        #expect(last["body"]?["parameters"]?["guidance_scale"]?.doubleValue == 7.5)
    }

    @Test func aLoadingModelIsWaitedForThenAnswers() async throws {
        let generator = try await server.generator("loading-2")
        let media = try await generator.generateImage(request, progress: { _ in })
        #expect(media.metadata["width"] == .int(64))
        #expect(try await server.calls(to: generator.model) == 3)
    }

    @Test func aModelStillLoadingPastTheBudgetIsTransient() async throws {
        let generator = try await server.generator("alwaysloading", maxLoadingWait: 1)
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateImage(request, progress: { _ in })
        }
        guard case .transient(let message, let retryAfter)? = error else {
            Issue.record("expected .transient, got \(String(describing: error))"); return
        }
        #expect(message.contains("loading"))
        #expect(retryAfter == 0.3)
        #expect(try await server.calls(to: generator.model) >= 3)
    }

    @Test func aRateLimitIsTransientAndHonoursRetryAfter() async throws {
        let generator = try await server.generator("ratelimit")
        await #expect(throws: GenerationError.transient("the Hugging Face API limits the rate of requests: Rate limit reached. You reached free usage limit.", retryAfter: 7)) {
            try await generator.generateImage(request, progress: { _ in })
        }
    }

    @Test(arguments: [("ok", "wrong-token", 401), ("forbidden", "test-token", 403)])
    func aRefusedTokenNamesTheVariable(behaviour: String, token: String, status: Int) async throws {
        let generator = try await server.generator(behaviour, token: token)
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateImage(request, progress: { _ in })
        }
        guard case .notConfigured(let message)? = error else {
            Issue.record("expected .notConfigured, got \(String(describing: error))"); return
        }
        #expect(message.contains("HUGGINGFACE_API_TOKEN"))
        #expect(message.contains("refused the token"))
        #expect(message.contains("\(status)"))
    }

    @Test func anAnswerThatIsNotAnImageIsPermanentAndQuotesIt() async throws {
        let generator = try await server.generator("garbage")
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateImage(request, progress: { _ in })
        }
        guard case .permanent(let message)? = error else {
            Issue.record("expected .permanent, got \(String(describing: error))"); return
        }
        #expect(message.contains("not an image"))
        #expect(message.contains("<html><body>Oops"))
    }

    @Test func anUnknownModelIsPermanent() async throws {
        let generator = try await server.generator("missing")
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateImage(request, progress: { _ in })
        }
        guard case .permanent(let message)? = error else {
            Issue.record("expected .permanent, got \(String(describing: error))"); return
        }
        #expect(message.contains("404"))
    }

    // The message proves the timeout fired; the time limit catches a hang (no wall-clock bound).
    @Test(.timeLimit(.minutes(1))) func aSlowAnswerTimesOutAsTransient() async throws {
        let generator = try await server.generator("slow", timeout: 1)
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateImage(request, progress: { _ in })
        }
        guard case .transient(let message, _)? = error else {
            Issue.record("expected .transient, got \(String(describing: error))"); return
        }
        #expect(message.contains("did not answer"))
    }

    @Test func anEmptyPromptIsRefusedWithoutCallingTheAPI() async throws {
        let generator = try await server.generator("ok")
        await #expect(throws: GenerationError.permanent("an image needs a prompt")) {
            try await generator.generateImage(ImageRequest(prompt: "  "), progress: { _ in })
        }
    }
}
