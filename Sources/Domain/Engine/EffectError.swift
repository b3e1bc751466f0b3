import Foundation
import Protocols

/// Why effects or variable declarations were refused, when saved or when applied.
public enum EffectError: Error, Hashable, Sendable, CustomStringConvertible {
    /// `effects` is not a JSON array.
    case notAList
    /// More effects on one choice than ``Effect/maxCount``.
    case tooMany(limit: Int)
    /// The effect at `index` (from 0) is malformed; `reason` says how.
    case invalid(index: Int, reason: String)
    /// A scenario's `variables` is not a JSON object.
    case declarationsNotAnObject
    /// The declaration of `variable` is refused; `reason` says why.
    case invalidDeclaration(variable: String, reason: String)
    /// At play time: `add` met a variable holding something other than a number.
    case notANumber(variable: String, value: JSONValue)
    /// At play time: `add` took a variable past the largest finite number.
    case outOfRange(variable: String)

    public var description: String {
        switch self {
        case .notAList:
            return "effects must be a JSON array of {\"set\": name, \"value\": v} or {\"add\": name, \"value\": n}"
        case .tooMany(let limit):
            return "a choice has at most \(limit) effects"
        case .invalid(let index, let reason):
            return "effect \(index): \(reason)"
        case .declarationsNotAnObject:
            return "variables must be a JSON object of name → initial value"
        case .invalidDeclaration(let variable, let reason):
            return "variable '\(variable)': \(reason)"
        case .notANumber(let variable, let value):
            return "cannot add to '\(variable)': it holds \(value.jsonString), not a number"
        case .outOfRange(let variable):
            return "adding to '\(variable)' leaves the range of numbers"
        }
    }
}
