import AsyncHTTPClient
import Foundation
import Protocols

/// Text to image over the Hugging Face inference API (`IMAGE_PROVIDER=huggingface`).
///
/// Variables: `HUGGINGFACE_API_TOKEN` (required), `HF_IMAGE_MODEL` (default
/// `stabilityai/stable-diffusion-xl-base-1.0`), `HF_API_BASE_URL`, `HF_TIMEOUT_SECONDS`,
/// `HF_LOADING_MAX_WAIT_SECONDS`.
public struct HuggingFaceImageGenerator: ImageGenerator {
    public static let defaultModel = "stabilityai/stable-diffusion-xl-base-1.0"

    public var settings: HuggingFaceSettings
    /// The model, as `owner/name`.
    public var model: String
    /// Denoising steps sent as `num_inference_steps`.
    public var inferenceSteps = 30
    /// Sent as `guidance_scale`.
    public var guidanceScale = 7.5
    private let httpClient: HTTPClient

    /// - Parameter httpClient: the client to use; the process's shared one by default.
    public init(settings: HuggingFaceSettings, model: String = Self.defaultModel, httpClient: HTTPClient = .shared) {
        self.settings = settings
        self.model = model
        self.httpClient = httpClient
    }

    /// The generator the variables describe.
    /// - Throws: ``PluginConfigurationError/missing(variable:plugin:)`` naming `HUGGINGFACE_API_TOKEN` when unset.
    public static func make(settings: any PluginSettings) throws -> Self {
        Self(settings: try HuggingFaceSettings(settings: settings), model: settings.string("HF_IMAGE_MODEL") ?? defaultModel)
    }

    /// The JSON body the API is sent for `request`.
    func body(for request: ImageRequest) -> JSONValue {
        var parameters: [String: JSONValue] = [
            "num_inference_steps": .int(inferenceSteps),
            "guidance_scale": .double(guidanceScale),
        ]
        if let negative = request.negativePrompt, !negative.isEmpty { parameters["negative_prompt"] = .string(negative) }
        if let width = request.width { parameters["width"] = .int(width) }
        if let height = request.height { parameters["height"] = .int(height) }
        return .object(["inputs": .string(request.prompt), "parameters": .object(parameters)])
    }

    public func generateImage(_ request: ImageRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        guard !request.prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw GenerationError.permanent("an image needs a prompt")
        }
        progress(0)
        let client = InferenceClient(settings: settings, httpClient: httpClient)
        let answer = try await client.post(model: model, body: body(for: request), accept: "image/png")
        guard let header = ImageHeader(parsing: answer.body) else {
            throw GenerationError.permanent(
                "the Hugging Face API answered something that is not an image (\(answer.contentType ?? "no content type")): \(InferenceClient.bodyStart(answer.body))")
        }
        progress(1)
        return GeneratedMedia(bytes: answer.body, mimeType: header.mimeType, fileExtension: header.fileExtension, metadata: [
            "width": .int(header.width),
            "height": .int(header.height),
            "format": .string(header.format),
            "model": .string(model),
            "prompt": .string(request.prompt),
            "provider": .string("huggingface"),
        ])
    }
}
