import Foundation
import Protocols
import Testing

@testable import Host

/// Every number the server reads at start-up is checked against its range, so that no value
/// out of range can reach code that would trap on it later (a negative body limit, a bcrypt cost
/// of 99, a lease of zero seconds).
@Suite("Start-up ranges")
struct StartUpRangeTests {
    static let ranged: [(variable: String, tooSmall: String, tooLarge: String, range: String)] = [
        ("PORT", "0", "65536", "1...65535"),
        ("JWT_EXPIRATION_DELTA", "59", "31536001", "60...31536000"),
        ("JWT_REFRESH_EXPIRATION_DELTA", "0", "99999999999", "60...31536000"),
        ("BCRYPT_COST", "3", "99", "4...31"),
        ("MAX_REQUEST_BYTES", "-5", "9999999999", "1024...1073741824"),
        ("MAX_QUERY_DEPTH", "1", "257", "2...256"),
        ("MAX_LIST_SIZE", "0", "10001", "1...10000"),
        ("REQUEST_IDLE_TIMEOUT_SECONDS", "0", "3601", "1...3600"),
        ("LOGIN_MAX_ATTEMPTS", "0", "1000001", "1...1000000"),
        ("LOGIN_MAX_ATTEMPTS_PER_EMAIL", "-1", "1000001", "1...1000000"),
        ("LOGIN_MAX_ATTEMPTS_PER_ADDRESS", "0", "1000001", "1...1000000"),
        ("LOGIN_WINDOW_SECONDS", "0", "604801", "1...604800"),
        ("MAX_IMAGE_BYTES", "0", "99999999999", "1...5368709120"),
        ("MAX_SOUND_BYTES", "-1", "99999999999", "1...5368709120"),
        ("MAX_VIDEO_BYTES", "0", "99999999999", "1...5368709120"),
        ("GENERATION_WORKERS", "-1", "65", "0...64"),
        ("GENERATION_MAX_ATTEMPTS", "0", "101", "1...100"),
        ("GENERATION_WAIT_SECONDS", "-1", "3001", "0...3000"),
        ("AI_RATE_LIMIT_PER_HOUR", "-1", "1000001", "0...1000000"),
        ("AI_MAX_PROMPT_LENGTH", "0", "100001", "1...100000"),
        ("GENERATION_LEASE_SECONDS", "0", "86401", "1...86400"),
        ("MAX_DOCUMENT_NESTING", "7", "257", "8...256"),
        ("MAX_QUERY_COST", "9", "100000001", "10...100000000"),
        ("MAX_UPLOADS_PER_REQUEST", "0", "1001", "1...1000"),
        ("REQUEST_TIMEOUT_SECONDS", "0", "3601", "1...3600"),
    ]

    func settings(_ values: [String: String]) throws -> ServerSettings {
        try ServerSettings(EnvironmentSettings.from(["DEBUG": "true"].merging(values) { _, new in new }))
    }

    @Test("a value outside its range stops start-up with a message naming the variable and the range",
          arguments: ranged)
    func outOfRange(_ entry: (variable: String, tooSmall: String, tooLarge: String, range: String)) throws {
        for value in [entry.tooSmall, entry.tooLarge] {
            #expect(throws: PluginConfigurationError.invalid(
                variable: entry.variable, reason: "\(value) is outside the allowed range \(entry.range)")
            ) { try settings([entry.variable: value]) }
        }
        #expect(throws: PluginConfigurationError.invalid(variable: entry.variable, reason: "'12abc' is not an integer")) {
            try settings([entry.variable: "12abc"])
        }
    }

    @Test("SECRET_KEY's minimum of 32 is counted in characters, as the README says, not in bytes")
    func secretKeyCharacters() throws {
        #expect(throws: PluginConfigurationError.self) {
            try settings(["DEBUG": "false", "SECRET_KEY": String(repeating: "é", count: 31)])  // 62 bytes
        }
        #expect(try settings(["DEBUG": "false", "SECRET_KEY": String(repeating: "é", count: 32)]).secretKey.count == 32)
    }

    @Test("an unusable UPLOAD_TMP_DIR is refused at start-up, naming it")
    func spoolDirectory() throws {
        let limits = try settings(["UPLOAD_TMP_DIR": "/proc/version/spool"]).uploads
        #expect(throws: PluginConfigurationError.invalid(
            variable: "UPLOAD_TMP_DIR", reason: "/proc/version/spool is not a folder this server can write to")
        ) { try limits.checkSpoolDirectory() }
        let fine = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: fine) }
        try settings(["UPLOAD_TMP_DIR": fine.path]).uploads.checkSpoolDirectory()
        #expect(try FileManager.default.contentsOfDirectory(atPath: fine.path) == [], "the probe file is removed")
    }

    @Test("plugin names are checked when the settings are parsed, once, not again when the services are made",
          arguments: [("IMAGE_PROVIDER", "dall-e"), ("TTS_PROVIDER", "festival"), ("MUSIC_PROVIDER", "suno"), ("STORAGE_TYPE", "ftp")])
    func pluginNames(_ variable: String, _ value: String) throws {
        #expect(performing: { try settings([variable: value]) }, throws: { error in
            guard case PluginConfigurationError.invalid(let named, let reason) = error else { return false }
            return named == variable && reason.contains(value)
        })
        let defaults = try settings([:]).providers
        #expect(defaults == ProviderNames(image: nil, speech: "espeak", music: nil))
        #expect(try settings(["HUGGINGFACE_API_TOKEN": "hf_x"]).providers.image == "huggingface")
    }
}
