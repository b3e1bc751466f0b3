import Foundation
import Protocols

/// How log lines are written.
enum LogFormat: String, Sendable {
    /// swift-log's default text lines.
    case text
    /// One JSON object a line (``JSONLogHandler``), with the metadata (the request id among it).
    case json
}

/// Which persistence adapter serves the API.
enum DatabaseType: String, Sendable, CaseIterable {
    case sqlite
    case mongo
}

/// Everything the host reads at start-up, parsed once into typed values.
/// Plugins read their own variables from ``plugins``.
struct ServerSettings: Sendable {
    var debug: Bool
    var secretKey: String
    /// Whether the secret was generated because none was set (debug only).
    var secretKeyIsEphemeral: Bool
    var host: String
    var port: Int
    var jwtExpiration: Int
    var jwtRefreshExpiration: Int
    var corsAllowedOrigins: [String]
    var databaseType: DatabaseType
    var storageType: String
    /// The generation providers by name (`IMAGE_PROVIDER`, `TTS_PROVIDER`, `MUSIC_PROVIDER`), each
    /// checked against the plugin registry at start-up; `nil` when that kind is not configured.
    var providers: ProviderNames
    var graphiql: Bool
    var trustedProxies: [String]
    var adminEmail: String?
    var adminPassword: String?
    /// The bcrypt cost of new password hashes (`BCRYPT_COST`, 4...31).
    var bcryptCost: UInt8
    /// When set, `GET /metrics` asks for `Authorization: Bearer <token>` (`METRICS_TOKEN`).
    var metricsToken: String?
    /// How log lines are written (`LOG_FORMAT`): `text` or JSON lines.
    var logFormat: LogFormat
    /// Where spans are exported with OTLP/HTTP (`OTEL_EXPORTER_OTLP_ENDPOINT`, read by swift-otel
    /// with the other `OTEL_*` variables); `nil`: no tracing, at no cost.
    var otlpEndpoint: String?
    var limits: RequestLimits
    var graphQL: GraphQLLimits
    var uploads: UploadLimits
    var generation: GenerationSettings
    var plugins: any PluginSettings

    /// Parses the settings. - Throws: ``PluginConfigurationError`` naming the variable at fault.
    init(_ env: any PluginSettings) throws {
        debug = try env.bool("DEBUG", default: false)
        if let secret = env.string("SECRET_KEY") {
            guard secret.count >= 32 else {
                throw PluginConfigurationError.invalid(
                    variable: "SECRET_KEY",
                    reason: "it has \(secret.count) characters; it must have at least 32 (HS256 signs with a 256-bit key)")
            }
            secretKey = secret
            secretKeyIsEphemeral = false
        } else if debug {
            secretKey = (0..<4).map { _ in UInt64.random(in: 0...UInt64.max).description }.joined(separator: "-")
            secretKeyIsEphemeral = true
        } else {
            throw PluginConfigurationError.missing(variable: "SECRET_KEY", plugin: "server (required when DEBUG is off)")
        }
        host = env.string("HOST") ?? "0.0.0.0"
        port = try env.int("PORT", default: 8000, in: 1...65_535)
        jwtExpiration = try env.int("JWT_EXPIRATION_DELTA", default: 3600, in: 60...31_536_000)
        jwtRefreshExpiration = try env.int("JWT_REFRESH_EXPIRATION_DELTA", default: 604_800, in: 60...31_536_000)
        corsAllowedOrigins = env.list("CORS_ALLOWED_ORIGINS")
        if let name = env.string("DB_TYPE") {
            guard let type = DatabaseType(rawValue: name.lowercased()) else {
                throw PluginConfigurationError.invalid(
                    variable: "DB_TYPE", reason: "unknown database '\(name)' (known: sqlite, mongo)")
            }
            databaseType = type
        } else {
            databaseType = env.string("MONGODB_URI") == nil ? .sqlite : .mongo
        }
        storageType = (env.string("STORAGE_TYPE") ?? "local").lowercased()
        _ = try PluginRegistry.factory(PluginRegistry.storages, name: storageType, variable: "STORAGE_TYPE")
        providers = try ProviderNames(env)
        graphiql = try debug || env.bool("GRAPHIQL", default: false)  // DEBUG on, or GRAPHIQL=true
        trustedProxies = env.list("TRUSTED_PROXIES")
        adminEmail = env.string("ADMIN_EMAIL")
        adminPassword = env.string("ADMIN_PASSWORD")
        bcryptCost = UInt8(try env.int("BCRYPT_COST", default: 12, in: 4...31))
        metricsToken = env.string("METRICS_TOKEN")
        let format = env.string("LOG_FORMAT")?.lowercased() ?? "text"
        guard let logFormat = LogFormat(rawValue: format) else {
            throw PluginConfigurationError.invalid(variable: "LOG_FORMAT", reason: "unknown format '\(format.prefix(30))' (known: text, json)")
        }
        self.logFormat = logFormat
        if let endpoint = env.string("OTEL_EXPORTER_OTLP_ENDPOINT"), !endpoint.isEmpty {
            guard let url = URL(string: endpoint), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), url.host != nil else {
                throw PluginConfigurationError.invalid(
                    variable: "OTEL_EXPORTER_OTLP_ENDPOINT", reason: "'\(endpoint.prefix(60))' is not an http(s) URL")
            }
            otlpEndpoint = endpoint
        }
        limits = try RequestLimits(env)
        uploads = try UploadLimits(env)
        generation = try GenerationSettings(env)
        graphQL = try GraphQLLimits(env, debug: debug, generationWaitSeconds: Int(generation.waitSeconds))
        plugins = env
    }
}

/// The generation plugins named by the environment.
struct ProviderNames: Sendable, Equatable {
    /// `IMAGE_PROVIDER`, by default `huggingface` when `HUGGINGFACE_API_TOKEN` is set.
    var image: String?
    /// `TTS_PROVIDER`, by default `espeak`.
    var speech: String
    /// `MUSIC_PROVIDER`, none by default.
    var music: String?

    init(image: String?, speech: String, music: String?) {
        self.image = image
        self.speech = speech
        self.music = music
    }

    init(_ env: any PluginSettings) throws {
        image = env.string("IMAGE_PROVIDER")?.lowercased() ?? (env.string("HUGGINGFACE_API_TOKEN") != nil ? "huggingface" : nil)
        speech = env.string("TTS_PROVIDER")?.lowercased() ?? "espeak"
        music = env.string("MUSIC_PROVIDER")?.lowercased()
        if let image { _ = try PluginRegistry.factory(PluginRegistry.imageProviders, name: image, variable: "IMAGE_PROVIDER") }
        _ = try PluginRegistry.factory(PluginRegistry.speechProviders, name: speech, variable: "TTS_PROVIDER")
        if let music { _ = try PluginRegistry.factory(PluginRegistry.musicProviders, name: music, variable: "MUSIC_PROVIDER") }
    }
}

/// Bounds on what one request may ask.
struct RequestLimits: Sendable {
    var maxBodyBytes: Int
    var maxQueryDepth: Int
    var maxListSize: Int
    /// Seconds a request's head or body may stall before its connection is closed (`REQUEST_IDLE_TIMEOUT_SECONDS`).
    var idleTimeoutSeconds: Int
    /// Login attempts per email from one client address in a window (`LOGIN_MAX_ATTEMPTS`).
    var maxLoginAttempts: Int
    /// Login attempts per email from all addresses together (`LOGIN_MAX_ATTEMPTS_PER_EMAIL`): looser, so
    /// that guesses from elsewhere do not lock the user out at their own address.
    var maxLoginAttemptsPerEmail: Int
    /// Login attempts per client address, all emails together (`LOGIN_MAX_ATTEMPTS_PER_ADDRESS`).
    var maxLoginAttemptsPerAddress: Int
    var loginWindowSeconds: Int

    init(_ env: any PluginSettings) throws {
        maxBodyBytes = try env.int("MAX_REQUEST_BYTES", default: 1_048_576, in: 1_024...1_073_741_824)
        maxQueryDepth = try env.int("MAX_QUERY_DEPTH", default: 12, in: 2...256)
        maxListSize = try env.int("MAX_LIST_SIZE", default: 500, in: 1...10_000)
        idleTimeoutSeconds = try env.int("REQUEST_IDLE_TIMEOUT_SECONDS", default: 30, in: 1...3_600)
        maxLoginAttempts = try env.int("LOGIN_MAX_ATTEMPTS", default: 5, in: 1...1_000_000)
        maxLoginAttemptsPerEmail = try env.int("LOGIN_MAX_ATTEMPTS_PER_EMAIL", default: 50, in: 1...1_000_000)
        maxLoginAttemptsPerAddress = try env.int("LOGIN_MAX_ATTEMPTS_PER_ADDRESS", default: 100, in: 1...1_000_000)
        loginWindowSeconds = try env.int("LOGIN_WINDOW_SECONDS", default: 300, in: 1...604_800)
    }
}

/// Size limits of uploads, per asset type.
struct UploadLimits: Sendable {
    var maxImageBytes: Int
    var maxSoundBytes: Int
    var maxVideoBytes: Int
    /// Where file parts are spooled while a request streams in (`UPLOAD_TMP_DIR`), by default
    /// `story-uploads` in the system's temporary folder; checked writable when the server starts.
    var spoolDirectory: URL

    init(_ env: any PluginSettings) throws {
        spoolDirectory = env.string("UPLOAD_TMP_DIR").map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("story-uploads")
        maxImageBytes = try env.int("MAX_IMAGE_BYTES", default: 5 * 1_048_576, in: 1...Self.ceiling)
        maxSoundBytes = try env.int("MAX_SOUND_BYTES", default: 10 * 1_048_576, in: 1...Self.ceiling)
        maxVideoBytes = try env.int("MAX_VIDEO_BYTES", default: 50 * 1_048_576, in: 1...Self.ceiling)
    }

    /// The largest upload limit accepted: 5 GiB.
    static let ceiling = 5 * 1_073_741_824

    /// Creates the spool folder and writes a probe file in it.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` naming `UPLOAD_TMP_DIR`.
    func checkSpoolDirectory() throws {
        let probe = spoolDirectory.appendingPathComponent(".probe-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: spoolDirectory, withIntermediateDirectories: true)
            try Data().write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            throw PluginConfigurationError.invalid(
                variable: "UPLOAD_TMP_DIR", reason: "\(spoolDirectory.path) is not a folder this server can write to")
        }
    }

    func limit(for kind: AssetKind) -> Int {
        switch kind {
        case .image: maxImageBytes
        case .sound: maxSoundBytes
        case .video: maxVideoBytes
        }
    }
}

/// How generation jobs run.
struct GenerationSettings: Sendable {
    var workersPerKind: Int
    var maxAttempts: Int
    var waitSeconds: Double
    var rateLimitPerHour: Int
    var maxPromptLength: Int
    var leaseSeconds: Double
    /// The kinds this process's workers claim (`GENERATION_WORKER_KINDS`); `nil` when unset: every kind
    /// whose provider is available. Lets a server leave music to a `story-server worker` on a GPU machine.
    var workerKinds: Set<GenerationKind>?

    init(_ env: any PluginSettings) throws {
        workersPerKind = try env.int("GENERATION_WORKERS", default: 1, in: 0...64)
        maxAttempts = try env.int("GENERATION_MAX_ATTEMPTS", default: 3, in: 1...100)
        waitSeconds = Double(try env.int("GENERATION_WAIT_SECONDS", default: 20, in: 0...3_000))
        rateLimitPerHour = try env.int("AI_RATE_LIMIT_PER_HOUR", default: 30, in: 0...1_000_000)
        maxPromptLength = try env.int("AI_MAX_PROMPT_LENGTH", default: 2000, in: 1...100_000)
        leaseSeconds = Double(try env.int("GENERATION_LEASE_SECONDS", default: 120, in: 1...86_400))
        workerKinds = try Self.kinds(env.list("GENERATION_WORKER_KINDS"))
    }

    /// The kinds named in `GENERATION_WORKER_KINDS`, `nil` when none is named.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` for an unknown kind.
    static func kinds(_ names: [String]) throws -> Set<GenerationKind>? {
        guard !names.isEmpty else { return nil }
        return Set(try names.map { name in
            guard let kind = GenerationKind(rawValue: name.lowercased()) else {
                let known = GenerationKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw PluginConfigurationError.invalid(
                    variable: "GENERATION_WORKER_KINDS", reason: "unknown kind '\(name.prefix(30))' (known: \(known))")
            }
            return kind
        })
    }
}
