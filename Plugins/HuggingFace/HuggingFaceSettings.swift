import Protocols

/// Where and how the plugin reaches the Hugging Face inference API.
public struct HuggingFaceSettings: Sendable, Hashable {
    /// `HF_API_BASE_URL`: the models' base address; a model is POSTed at `{base}/{model}`.
    public var baseURL: String
    /// `HUGGINGFACE_API_TOKEN`: the bearer token.
    public var token: String
    /// `HF_TIMEOUT_SECONDS`: the longest one request may take (default 120).
    public var requestTimeout: Double
    /// `HF_LOADING_MAX_WAIT_SECONDS`: the longest to wait, in all, for a model that is loading (default 120).
    public var maxLoadingWait: Double

    public static let defaultBaseURL = "https://router.huggingface.co/hf-inference/models"

    public init(baseURL: String = Self.defaultBaseURL, token: String, requestTimeout: Double = 120, maxLoadingWait: Double = 120) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.requestTimeout = requestTimeout
        self.maxLoadingWait = maxLoadingWait
    }

    /// The settings the variables describe.
    /// - Throws: ``PluginConfigurationError/missing(variable:plugin:)`` naming `HUGGINGFACE_API_TOKEN` when unset.
    public init(settings: any PluginSettings) throws {
        self.init(
            baseURL: settings.string("HF_API_BASE_URL") ?? Self.defaultBaseURL,
            token: try settings.required("HUGGINGFACE_API_TOKEN", for: "huggingface"),
            requestTimeout: Double(try settings.int("HF_TIMEOUT_SECONDS", default: 120, in: 1...3_600)),
            maxLoadingWait: Double(try settings.int("HF_LOADING_MAX_WAIT_SECONDS", default: 120, in: 0...3_600)))
    }
}
