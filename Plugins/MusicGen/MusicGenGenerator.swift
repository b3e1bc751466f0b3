import Foundation
import Protocols

/// Local music generation with Meta's MusicGen (`MUSIC_PROVIDER=musicgen`), through a long-lived Python
/// worker (`worker/musicgen_worker.py`, shipped in the plugin's bundle) that loads the model once.
///
/// Variables (all optional): `MUSICGEN_PYTHON`, `MUSICGEN_MODEL`, `MUSICGEN_DEVICE`, `MUSICGEN_MAX_SECONDS`,
/// `MUSICGEN_TIMEOUT_SECONDS`, `MUSICGEN_START_TIMEOUT_SECONDS`. The worker starts on the first request;
/// when Python, torch or transformers are missing, requests fail with ``GenerationError/unavailable(_:)``
/// saying what to install, and nothing else is affected.
public struct MusicGenGenerator: MusicGenerator {
    public let settings: MusicGenSettings
    private let worker: MusicGenWorker

    public init(settings: MusicGenSettings = MusicGenSettings()) {
        self.settings = settings
        self.worker = MusicGenWorker(settings: settings)
    }

    /// The generator the variables describe. Starts nothing yet.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` for a malformed number.
    public static func make(settings: any PluginSettings) throws -> Self {
        Self(settings: try MusicGenSettings(settings: settings))
    }

    /// The seconds generated for a request: what it asks, within 1…`MUSICGEN_MAX_SECONDS`.
    public func seconds(for request: MusicRequest) -> Double {
        let asked = request.durationSeconds.isFinite ? request.durationSeconds : settings.maxSeconds
        return min(max(asked, 1), settings.maxSeconds)
    }

    public func generateMusic(_ request: MusicRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        let prompt = request.description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !prompt.isEmpty else { throw GenerationError.permanent("music needs a description") }
        let seconds = seconds(for: request)
        progress(0)
        let output = try await worker.generate(prompt: prompt, seconds: seconds, progress: progress)
        guard let wav = WAVInfo(parsing: output.wav) else {
            throw GenerationError.permanent("the music worker answered \(output.wav.count) bytes that are not a WAV file")
        }
        progress(1)
        var metadata: [String: JSONValue] = [
            "duration_seconds": .double(wav.duration),
            "model": output.details["model"] ?? .string(settings.model),
            "sample_rate": .int(wav.sampleRate),
            "channels": .int(wav.channels),
            "prompt": .string(prompt),
            "requested_seconds": .double(seconds),
            "provider": .string("musicgen"),
        ]
        if let device = output.details["device"] { metadata["device"] = device }
        if let elapsed = output.details["elapsed_seconds"] { metadata["generation_seconds"] = elapsed }
        return GeneratedMedia(bytes: output.wav, mimeType: "audio/wav", fileExtension: "wav", metadata: metadata)
    }

    /// What the running worker said when it became ready (model, device, sample rate…), `nil` before.
    var workerInfo: [String: JSONValue]? {
        get async { await worker.info }
    }

    /// Stops the worker process (at shutdown); a later request starts a new one.
    public func stop() async {
        await worker.stop()
    }
}
