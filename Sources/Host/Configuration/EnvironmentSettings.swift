import Configuration
import Foundation
import Protocols

/// The process environment plus an optional `.env` file, read through swift-configuration.
/// Variables set in the environment win over the file.
struct EnvironmentSettings: PluginSettings {
    let reader: ConfigReader

    init(reader: ConfigReader) {
        self.reader = reader
    }

    /// Reads the environment and `envFile` (when it exists).
    static func load(envFile: String = ".env") async throws -> EnvironmentSettings {
        var providers: [any ConfigProvider] = [EnvironmentVariablesProvider()]
        if FileManager.default.fileExists(atPath: envFile) {
            providers.append(try await EnvironmentVariablesProvider(environmentFilePath: .init(envFile), allowMissing: true))
        }
        return EnvironmentSettings(reader: ConfigReader(providers: providers))
    }

    /// Settings from a dictionary, for tests and tools.
    static func from(_ values: [String: String]) -> EnvironmentSettings {
        EnvironmentSettings(reader: ConfigReader(provider: EnvironmentVariablesProvider(environmentVariables: values)))
    }

    func string(_ name: String) -> String? {
        guard let value = reader.string(forKey: ConfigKey([name])), !value.isEmpty else { return nil }
        return value
    }
}

extension PluginSettings {
    /// A boolean variable: `1`, `true`, `yes`, `on` (any case) are true; `0`, `false`, `no`, `off` false.
    func bool(_ name: String, default defaultValue: Bool) throws -> Bool {
        guard let text = string(name)?.lowercased() else { return defaultValue }
        switch text {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw PluginConfigurationError.invalid(variable: name, reason: "'\(text)' is not a boolean")
        }
    }

    /// A comma-separated list, trimmed, empty items dropped.
    func list(_ name: String) -> [String] {
        (string(name) ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
