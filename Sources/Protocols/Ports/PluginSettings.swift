/// The settings a plugin reads at start-up: the host passes the environment (and `.env`) through it,
/// so plugins need no configuration library of their own.
public protocol PluginSettings: Sendable {
    /// The value of a variable, `nil` when unset or empty.
    func string(_ name: String) -> String?
}

/// Why a plugin could not be made from its settings. The host stops start-up with this message.
public enum PluginConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A variable the plugin needs is not set.
    case missing(variable: String, plugin: String)
    /// A variable is set to something unusable.
    case invalid(variable: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let variable, let plugin): "\(variable) must be set for the \(plugin) plugin"
        case .invalid(let variable, let reason): "\(variable) is invalid: \(reason)"
        }
    }
}

extension PluginSettings {
    /// The value of a required variable. - Throws: ``PluginConfigurationError/missing(variable:plugin:)``.
    public func required(_ name: String, for plugin: String) throws -> String {
        guard let value = string(name) else { throw PluginConfigurationError.missing(variable: name, plugin: plugin) }
        return value
    }

    /// An integer variable, `defaultValue` when unset. - Throws: `invalid` when not an integer.
    public func int(_ name: String, default defaultValue: Int) throws -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text) else { throw PluginConfigurationError.invalid(variable: name, reason: "'\(text)' is not an integer") }
        return value
    }

    /// An integer variable that must lie in `range`, `defaultValue` when unset.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` naming the variable and the
    ///   allowed range, when the value is not an integer or falls outside it.
    public func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        let value = try int(name, default: defaultValue)
        guard range.contains(value) else {
            throw PluginConfigurationError.invalid(
                variable: name, reason: "\(value) is outside the allowed range \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}

/// Settings from a dictionary (tests, tools).
public struct DictionarySettings: PluginSettings {
    public var values: [String: String]

    public init(_ values: [String: String]) {
        self.values = values
    }

    public func string(_ name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }
}
