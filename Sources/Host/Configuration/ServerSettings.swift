import Foundation
import Protocols

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
    var graphiql: Bool
    var trustedProxies: [String]
    var adminEmail: String?
    var adminPassword: String?
    /// The bcrypt cost of new password hashes (`BCRYPT_COST`, 4...31).
    var bcryptCost: UInt8
    var limits: RequestLimits
    var graphQL: GraphQLLimits
    var uploads: UploadLimits
    var generation: GenerationSettings
    var plugins: any PluginSettings

    /// Parses the settings. - Throws: ``PluginConfigurationError`` naming the variable at fault.
    init(_ env: any PluginSettings) throws {
        debug = try env.bool("DEBUG", default: false)
        if let secret = env.string("SECRET_KEY") {
            guard secret.utf8.count >= 32 else {
                throw PluginConfigurationError.invalid(
                    variable: "SECRET_KEY", reason: "it must be at least 32 characters (HS256 signs with a 256-bit key)")
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
        port = try env.int("PORT", default: 8000)
        guard (1...65535).contains(port) else { throw PluginConfigurationError.invalid(variable: "PORT", reason: "\(port) is not a port") }
        jwtExpiration = try env.int("JWT_EXPIRATION_DELTA", default: 3600)
        jwtRefreshExpiration = try env.int("JWT_REFRESH_EXPIRATION_DELTA", default: 604_800)
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
        graphiql = try debug || env.bool("GRAPHIQL", default: false)  // DEBUG on, or GRAPHIQL=true
        trustedProxies = env.list("TRUSTED_PROXIES")
        adminEmail = env.string("ADMIN_EMAIL")
        adminPassword = env.string("ADMIN_PASSWORD")
        let cost = try env.int("BCRYPT_COST", default: 12)
        guard (4...31).contains(cost) else {
            throw PluginConfigurationError.invalid(variable: "BCRYPT_COST", reason: "\(cost) is outside bcrypt's range 4...31")
        }
        bcryptCost = UInt8(cost)
        limits = try RequestLimits(env)
        uploads = try UploadLimits(env)
        generation = try GenerationSettings(env)
        graphQL = try GraphQLLimits(env, debug: debug, generationWaitSeconds: Int(generation.waitSeconds))
        plugins = env
    }
}

/// Bounds on what one request may ask.
struct RequestLimits: Sendable {
    var maxBodyBytes: Int
    var maxQueryDepth: Int
    var maxListSize: Int
    /// Login attempts per email from one client address in a window (`LOGIN_MAX_ATTEMPTS`).
    var maxLoginAttempts: Int
    /// Login attempts per email from all addresses together (`LOGIN_MAX_ATTEMPTS_PER_EMAIL`): looser, so
    /// that guesses from elsewhere do not lock the user out at their own address.
    var maxLoginAttemptsPerEmail: Int
    /// Login attempts per client address, all emails together (`LOGIN_MAX_ATTEMPTS_PER_ADDRESS`).
    var maxLoginAttemptsPerAddress: Int
    var loginWindowSeconds: Int

    init(_ env: any PluginSettings) throws {
        maxBodyBytes = try env.int("MAX_REQUEST_BYTES", default: 1_048_576)
        maxQueryDepth = try env.int("MAX_QUERY_DEPTH", default: 12)
        maxListSize = try env.int("MAX_LIST_SIZE", default: 500)
        maxLoginAttempts = try Self.positive(env, "LOGIN_MAX_ATTEMPTS", default: 5)
        maxLoginAttemptsPerEmail = try Self.positive(env, "LOGIN_MAX_ATTEMPTS_PER_EMAIL", default: 50)
        maxLoginAttemptsPerAddress = try Self.positive(env, "LOGIN_MAX_ATTEMPTS_PER_ADDRESS", default: 100)
        loginWindowSeconds = try Self.positive(env, "LOGIN_WINDOW_SECONDS", default: 300)
    }

    private static func positive(_ env: any PluginSettings, _ name: String, default value: Int) throws -> Int {
        let number = try env.int(name, default: value)
        guard number >= 1 else { throw PluginConfigurationError.invalid(variable: name, reason: "\(number) is not at least 1") }
        return number
    }
}

/// Size limits of uploads, per asset type.
struct UploadLimits: Sendable {
    var maxImageBytes: Int
    var maxSoundBytes: Int
    var maxVideoBytes: Int

    init(_ env: any PluginSettings) throws {
        maxImageBytes = try env.int("MAX_IMAGE_BYTES", default: 5 * 1_048_576)
        maxSoundBytes = try env.int("MAX_SOUND_BYTES", default: 10 * 1_048_576)
        maxVideoBytes = try env.int("MAX_VIDEO_BYTES", default: 50 * 1_048_576)
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
        workersPerKind = try env.int("GENERATION_WORKERS", default: 1)
        guard workersPerKind >= 0 else {
            throw PluginConfigurationError.invalid(variable: "GENERATION_WORKERS", reason: "\(workersPerKind) is negative")
        }
        maxAttempts = try env.int("GENERATION_MAX_ATTEMPTS", default: 3)
        waitSeconds = Double(try env.int("GENERATION_WAIT_SECONDS", default: 20, in: 0...3_000))
        rateLimitPerHour = try env.int("AI_RATE_LIMIT_PER_HOUR", default: 30)
        maxPromptLength = try env.int("AI_MAX_PROMPT_LENGTH", default: 2000)
        leaseSeconds = Double(try env.int("GENERATION_LEASE_SECONDS", default: 120))
        guard leaseSeconds > 0 else {
            throw PluginConfigurationError.invalid(variable: "GENERATION_LEASE_SECONDS", reason: "it must be at least 1 second")
        }
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
