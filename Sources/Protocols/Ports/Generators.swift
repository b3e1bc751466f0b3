import Foundation

/// A generated medium, ready to be stored as an asset.
public struct GeneratedMedia: Sendable {
    public var bytes: [UInt8]
    public var mimeType: String
    /// Without the dot: `png`, `mp3`, `wav`.
    public var fileExtension: String
    /// What is known of it: width/height, duration, model, prompt…
    public var metadata: [String: JSONValue]

    public init(bytes: [UInt8], mimeType: String, fileExtension: String, metadata: [String: JSONValue] = [:]) {
        self.bytes = bytes
        self.mimeType = mimeType
        self.fileExtension = fileExtension
        self.metadata = metadata
    }
}

/// Why a generation failed. The job runner retries ``transient(_:retryAfter:)`` only.
public enum GenerationError: Error, Equatable, Sendable {
    /// Worth retrying (model loading, rate limit, timeout); `retryAfter` in seconds when the provider says.
    case transient(String, retryAfter: Double? = nil)
    /// Not worth retrying (bad request, garbage answer); the provider's message.
    case permanent(String)
    /// The provider is not set up; names the variable to set.
    case notConfigured(String)
    /// The provider cannot run here (missing package, …); says what to install.
    case unavailable(String)
}

/// Receives progress from 0 to 1.
public typealias ProgressHandler = @Sendable (Double) -> Void

/// Asks for an image.
public struct ImageRequest: Sendable, Hashable {
    public var prompt: String
    public var negativePrompt: String?
    public var width: Int?
    public var height: Int?

    public init(prompt: String, negativePrompt: String? = nil, width: Int? = nil, height: Int? = nil) {
        self.prompt = prompt
        self.negativePrompt = negativePrompt
        self.width = width
        self.height = height
    }
}

/// Asks for narration.
public struct SpeechRequest: Sendable, Hashable {
    public var text: String
    /// A language code such as `fr` or `en`.
    public var language: String

    public init(text: String, language: String = "fr") {
        self.text = text
        self.language = language
    }
}

/// Asks for music.
public struct MusicRequest: Sendable, Hashable {
    public var description: String
    /// Seconds wanted; providers cap it.
    public var durationSeconds: Double

    public init(description: String, durationSeconds: Double = 15) {
        self.description = description
        self.durationSeconds = durationSeconds
    }
}

/// Text to image. Adapters pass `GeneratorConformance`.
public protocol ImageGenerator: Sendable {
    func generateImage(_ request: ImageRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia
}

/// Text to speech. Adapters pass `GeneratorConformance`.
public protocol SpeechGenerator: Sendable {
    func generateSpeech(_ request: SpeechRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia
}

/// Description to music. Adapters pass `GeneratorConformance`.
public protocol MusicGenerator: Sendable {
    func generateMusic(_ request: MusicRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia
}
