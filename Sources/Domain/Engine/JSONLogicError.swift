import Foundation

/// Why a JSON Logic rule was refused, when saved (``JSONLogic/check(_:limits:)``) or run
/// (``JSONLogic/apply(_:to:limits:)``).
public enum JSONLogicError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule uses an operator this evaluator does not have.
    case unknownOperator(String)
    /// The rule nests deeper than ``JSONLogic/Limits/maxDepth``.
    case tooDeep(limit: Int)
    /// The rule has more nodes than ``JSONLogic/Limits/maxSteps``, so it could never finish.
    case ruleTooLarge(limit: Int)
    /// Running the rule took more than ``JSONLogic/Limits/maxSteps`` steps.
    case tooManySteps(limit: Int)
    /// An array or string the rule built grew past ``JSONLogic/Limits/maxValueSize``.
    case valueTooLarge(limit: Int)
    /// An object with several keys where a rule was expected: JSON Logic would read it as a
    /// literal (always true), which is never what an author means.
    case ambiguousObject(keys: [String])
    /// An operator got arguments it cannot work with (JavaScript would throw).
    case invalidArguments(operator: String, reason: String)

    public var description: String {
        switch self {
        case .unknownOperator(let op):
            return "unknown operator '\(op)'"
        case .tooDeep(let limit):
            return "the rule nests deeper than \(limit) levels"
        case .ruleTooLarge(let limit):
            return "the rule has more than \(limit) parts"
        case .tooManySteps(let limit):
            return "the rule took more than \(limit) steps"
        case .valueTooLarge(let limit):
            return "the rule built a value of more than \(limit) elements or characters"
        case .ambiguousObject(let keys):
            return "an object with several keys (\(keys.sorted().map { "'\($0)'" }.joined(separator: ", "))) is not a rule; "
                + "a rule has exactly one operator (combine conditions with 'and' or 'or')"
        case .invalidArguments(let op, let reason):
            return "'\(op)': \(reason)"
        }
    }
}
