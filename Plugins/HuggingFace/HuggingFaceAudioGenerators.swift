import AsyncHTTPClient
import Foundation
import Protocols

/// Narration over the Hugging Face inference API (`TTS_PROVIDER=huggingface`): `HF_TTS_MODEL`
/// (default `facebook/mms-tts-fra`) answers a sound for `{"inputs": text}`. Needs `HUGGINGFACE_API_TOKEN`.
public struct HuggingFaceSpeechGenerator: SpeechGenerator {
    public static let defaultModel = "facebook/mms-tts-fra"

    public var settings: HuggingFaceSettings
    public var model: String
    private let httpClient: HTTPClient

    public init(settings: HuggingFaceSettings, model: String = Self.defaultModel, httpClient: HTTPClient = .shared) {
        self.settings = settings
        self.model = model
        self.httpClient = httpClient
    }

    /// - Throws: ``PluginConfigurationError/missing(variable:plugin:)`` naming `HUGGINGFACE_API_TOKEN` when unset.
    public static func make(settings: any PluginSettings) throws -> Self {
        Self(settings: try HuggingFaceSettings(settings: settings), model: settings.string("HF_TTS_MODEL") ?? defaultModel)
    }

    public func generateSpeech(_ request: SpeechRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        guard !request.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw GenerationError.permanent("nothing to narrate: the text is empty")
        }
        progress(0)
        var media = try await AudioRequest(settings: settings, httpClient: httpClient, model: model)
            .run(body: .object(["inputs": .string(request.text)]))
        media.metadata["language"] = .string(request.language)
        progress(1)
        return media
    }
}

/// Music over the Hugging Face inference API (`MUSIC_PROVIDER=huggingface`): `HF_MUSIC_MODEL`
/// (default `facebook/musicgen-small`) answers a sound for `{"inputs": description}`. Needs `HUGGINGFACE_API_TOKEN`.
public struct HuggingFaceMusicGenerator: MusicGenerator {
    public static let defaultModel = "facebook/musicgen-small"

    public var settings: HuggingFaceSettings
    public var model: String
    private let httpClient: HTTPClient

    public init(settings: HuggingFaceSettings, model: String = Self.defaultModel, httpClient: HTTPClient = .shared) {
        self.settings = settings
        self.model = model
        self.httpClient = httpClient
    }

    /// - Throws: ``PluginConfigurationError/missing(variable:plugin:)`` naming `HUGGINGFACE_API_TOKEN` when unset.
    public static func make(settings: any PluginSettings) throws -> Self {
        Self(settings: try HuggingFaceSettings(settings: settings), model: settings.string("HF_MUSIC_MODEL") ?? defaultModel)
    }

    public func generateMusic(_ request: MusicRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        guard !request.description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw GenerationError.permanent("music needs a description")
        }
        progress(0)
        var media = try await AudioRequest(settings: settings, httpClient: httpClient, model: model)
            .run(body: .object(["inputs": .string(request.description)]))
        media.metadata["prompt"] = .string(request.description)
        progress(1)
        return media
    }
}

/// Posts a text-to-audio request and checks that the answer is a sound.
private struct AudioRequest {
    var settings: HuggingFaceSettings
    var httpClient: HTTPClient
    var model: String

    func run(body: JSONValue) async throws -> GeneratedMedia {
        let answer = try await InferenceClient(settings: settings, httpClient: httpClient)
            .post(model: model, body: body, accept: "audio/wav, audio/flac, audio/mpeg")
        guard let header = AudioHeader(parsing: answer.body) else {
            throw GenerationError.permanent(
                "the Hugging Face API answered something that is not a WAV, FLAC or MP3 sound (\(answer.contentType ?? "no content type")): \(InferenceClient.bodyStart(answer.body))")
        }
        return GeneratedMedia(bytes: answer.body, mimeType: header.mimeType, fileExtension: header.fileExtension, metadata: [
            "duration_seconds": .double(header.duration),
            "sample_rate": .int(header.sampleRate),
            "format": .string(header.format),
            "model": .string(model),
            "provider": .string("huggingface"),
        ])
    }
}
