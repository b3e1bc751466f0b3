import Protocols

extension PluginSettings {
    /// An integer variable that must lie in `range`, `defaultValue` when unset.
    /// - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` naming the variable and the
    ///   allowed range, when the value is not an integer or falls outside it.
    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        let value = try int(name, default: defaultValue)
        guard range.contains(value) else {
            throw PluginConfigurationError.invalid(
                variable: name, reason: "\(value) is outside the allowed range \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }
}
