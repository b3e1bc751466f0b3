import Protocols
import Testing
@testable import HuggingFace

/// How `HuggingFaceImageGenerator.make(settings:)` reads its variables.
@Suite struct HuggingFaceSettingsTests {
    @Test func theTokenIsRequired() {
        #expect(throws: PluginConfigurationError.missing(variable: "HUGGINGFACE_API_TOKEN", plugin: "huggingface")) {
            try HuggingFaceImageGenerator.make(settings: DictionarySettings([:]))
        }
    }

    @Test func defaultsNeedOnlyTheToken() throws {
        let generator = try HuggingFaceImageGenerator.make(settings: DictionarySettings(["HUGGINGFACE_API_TOKEN": "hf_x"]))
        #expect(generator.model == "stabilityai/stable-diffusion-xl-base-1.0")
        #expect(generator.settings.baseURL == "https://router.huggingface.co/hf-inference/models")
        #expect(generator.settings.token == "hf_x")
        #expect(generator.settings.requestTimeout == 120)
    }

    @Test func modelAndBaseURLAreRead() throws {
        let generator = try HuggingFaceImageGenerator.make(settings: DictionarySettings([
            "HUGGINGFACE_API_TOKEN": "hf_x", "HF_IMAGE_MODEL": "black-forest-labs/FLUX.1-schnell",
            "HF_API_BASE_URL": "http://127.0.0.1:9/models/", "HF_TIMEOUT_SECONDS": "30",
        ]))
        #expect(generator.model == "black-forest-labs/FLUX.1-schnell")
        #expect(generator.settings.baseURL == "http://127.0.0.1:9/models")
        #expect(generator.settings.requestTimeout == 30)
    }

    @Test func theBodyLeavesOutAnAbsentNegativePrompt() throws {
        let generator = try HuggingFaceImageGenerator.make(settings: DictionarySettings(["HUGGINGFACE_API_TOKEN": "hf_x"]))
        let body = generator.body(for: ImageRequest(prompt: "a cat"))
        #expect(body["inputs"] == .string("a cat"))
        #expect(body["parameters"]?["negative_prompt"] == nil)
    }

    @Test func retryAfterReadsSecondsAndDates() {
        #expect(InferenceClient.retryAfter("12") == 12)
        let date = InferenceClient.retryAfter("Wed, 21 Oct 2099 07:28:00 GMT")
        #expect((date ?? 0) > 1_000_000)
        #expect(InferenceClient.retryAfter(nil) == nil)
    }

    @Test("timeouts out of range stop start-up, naming the variable and the range",
          arguments: [("HF_TIMEOUT_SECONDS", "0", "1...3600"), ("HF_LOADING_MAX_WAIT_SECONDS", "-1", "0...3600"),
                      ("HF_TIMEOUT_SECONDS", "99999999999999", "1...3600")])
    func timeoutRanges(variable: String, value: String, range: String) {
        #expect(throws: PluginConfigurationError.invalid(variable: variable, reason: "\(value) is outside the allowed range \(range)")) {
            try HuggingFaceImageGenerator.make(settings: DictionarySettings([variable: value, "HUGGINGFACE_API_TOKEN": "hf_x"]))
        }
    }
}
