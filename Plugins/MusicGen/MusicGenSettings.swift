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
        let maxSeconds = try settings.int("MUSICGEN_MAX_SECONDS", default: 15, in: 1...300)
        self.init(
            python: settings.string("MUSICGEN_PYTHON") ?? "python3",
            workerScript: settings.string("MUSICGEN_WORKER_SCRIPT"),
            model: settings.string("MUSICGEN_MODEL") ?? Self.defaultModel,
            device: settings.string("MUSICGEN_DEVICE") ?? "auto",
            maxSeconds: Double(maxSeconds),
            requestTimeout: Double(try settings.int("MUSICGEN_TIMEOUT_SECONDS", default: 900, in: 1...86_400)),
            startTimeout: Double(try settings.int("MUSICGEN_START_TIMEOUT_SECONDS", default: 900, in: 1...86_400)))
    }

    /// The path of the shipped `worker/musicgen_worker.py`: in the plugin's resource folder beside the executable
    /// (`*_MusicGen.resources`, copied there by the build), else in the source tree this plugin was built from.
    /// Never traps (unlike `Bundle.module` when the resource folder was not deployed): when neither exists, the
    /// path returned does not exist either and generation answers `.unavailable` naming it.
    public static var bundledWorkerScript: String {
        let relative = "worker/musicgen_worker.py"
        let files = FileManager.default
        let executableFolder = Bundle.main.bundleURL
        let resourceFolders = ((try? files.contentsOfDirectory(atPath: executableFolder.path)) ?? [])
            .filter { $0.hasSuffix("_MusicGen.resources") }
            .sorted()
            .map { executableFolder.appendingPathComponent($0).appendingPathComponent(relative).path }
        let sourceTree = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(relative).path
        return (resourceFolders + [sourceTree]).first { files.fileExists(atPath: $0) }
            ?? executableFolder.appendingPathComponent("story-server_MusicGen.resources").appendingPathComponent(relative).path
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
