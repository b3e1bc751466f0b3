import Foundation
import Protocols

/// How the MusicGen plugin starts and uses its Python worker.
public struct MusicGenSettings: Sendable, Hashable {
    /// `MUSICGEN_PYTHON`: the interpreter (default `python3`, looked up in `PATH`).
    public var python: String
    /// The worker script; by default the one shipped in the plugin's bundle (`MUSICGEN_WORKER_SCRIPT` overrides).
    public var workerScript: String
    /// `MUSICGEN_MODEL`: a Hugging Face model name or a local directory (default `facebook/musicgen-small`).
    public var model: String
    /// `MUSICGEN_DEVICE`: `auto` (CUDA when present), `cpu`, `cuda`, `cuda:1`…
    public var device: String
    /// `MUSICGEN_MAX_SECONDS`: the longest clip generated (default 15).
    public var maxSeconds: Double
    /// `MUSICGEN_TIMEOUT_SECONDS`: the longest one generation may take, waiting in the worker's queue included (default 900).
    public var requestTimeout: Double
    /// `MUSICGEN_START_TIMEOUT_SECONDS`: the longest the worker may take to load the model (default 900: a first
    /// start downloads it).
    public var startTimeout: Double
    /// Extra environment for the worker.
    public var environment: [String: String]

    public static let defaultModel = "facebook/musicgen-small"

    public init(
        python: String = "python3", workerScript: String? = nil, model: String = Self.defaultModel, device: String = "auto",
        maxSeconds: Double = 15, requestTimeout: Double = 900, startTimeout: Double = 900, environment: [String: String] = [:]
    ) {
        self.python = python
        self.workerScript = workerScript ?? Self.bundledWorkerScript
        self.model = model
        self.device = device
        self.maxSeconds = maxSeconds
        self.requestTimeout = requestTimeout
        self.startTimeout = startTimeout
        self.environment = environment
    }

    /// The settings the variables describe; every variable has a default.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` for a number that is not one.
    public init(settings: any PluginSettings) throws {
        let maxSeconds = try settings.int("MUSICGEN_MAX_SECONDS", default: 15)
        guard maxSeconds > 0 else {
            throw PluginConfigurationError.invalid(variable: "MUSICGEN_MAX_SECONDS", reason: "\(maxSeconds) is not a positive number of seconds")
        }
        self.init(
            python: settings.string("MUSICGEN_PYTHON") ?? "python3",
            workerScript: settings.string("MUSICGEN_WORKER_SCRIPT"),
            model: settings.string("MUSICGEN_MODEL") ?? Self.defaultModel,
            device: settings.string("MUSICGEN_DEVICE") ?? "auto",
            maxSeconds: Double(maxSeconds),
            requestTimeout: Double(try settings.int("MUSICGEN_TIMEOUT_SECONDS", default: 900)),
            startTimeout: Double(try settings.int("MUSICGEN_START_TIMEOUT_SECONDS", default: 900)))
    }

    /// The path of `worker/musicgen_worker.py` in the plugin's resource bundle.
    public static var bundledWorkerScript: String {
        Bundle.module.url(forResource: "musicgen_worker", withExtension: "py", subdirectory: "worker")?.path
            ?? Bundle.module.bundleURL.appendingPathComponent("worker/musicgen_worker.py").path
    }

    /// What the worker process is given: the host's environment, the settings, unbuffered output.
    var workerEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["MUSICGEN_MODEL"] = model
        env["MUSICGEN_DEVICE"] = device
        env["MUSICGEN_MAX_SECONDS"] = String(maxSeconds)
        env["PYTHONUNBUFFERED"] = "1"
        env.merge(environment) { _, new in new }
        return env
    }
}
