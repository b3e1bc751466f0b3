import Foundation

/// The operators of JSON Logic, each under its json-logic-js name and its aliases.
enum JSONLogicOperator: Sendable {
    // Control flow: their arguments are evaluated lazily.
    case `if`, and, or
    // Iteration: the second argument is evaluated once per element, with the element as data.
    case filter, map, reduce, all, none, some
    // Data.
    case `var`, missing, missingSome
    // Comparison and logic.
    case looseEqual, strictEqual, looseNotEqual, strictNotEqual
    case greater, greaterOrEqual, less, lessOrEqual
    case not, toBoolean
    // Arithmetic.
    case plus, minus, times, divide, modulo, min, max
    // Strings and arrays.
    case `in`, cat, substr, merge
    // `console.log` in json-logic-js: here it only returns its argument.
    case log

    /// Operator names, as rules write them. The alias names (`equal`, `add`, `substract`, ...)
    /// are those the shared conformance suite uses.
    static let byName: [String: JSONLogicOperator] = [
        "if": .if, "?:": .if, "and": .and, "or": .or,
        "filter": .filter, "map": .map, "reduce": .reduce, "all": .all, "none": .none, "some": .some,
        "var": .var, "missing": .missing, "missing_some": .missingSome,
        "==": .looseEqual, "equal": .looseEqual,
        "===": .strictEqual, "strictEqual": .strictEqual,
        "!=": .looseNotEqual, "notEqual": .looseNotEqual,
        "!==": .strictNotEqual, "strictNotEqual": .strictNotEqual,
        ">": .greater, "greater": .greater,
        ">=": .greaterOrEqual, "greaterOrEqual": .greaterOrEqual,
        "<": .less, "less": .less,
        "<=": .lessOrEqual, "lessOrEqual": .lessOrEqual,
        "!": .not, "not": .not,
        "!!": .toBoolean, "booleanCasting": .toBoolean,
        "+": .plus, "add": .plus,
        "-": .minus, "substract": .minus,
        "*": .times, "multiply": .times,
        "/": .divide, "divide": .divide,
        "%": .modulo, "modulo": .modulo,
        "min": .min, "max": .max,
        "in": .in, "cat": .cat, "substr": .substr, "merge": .merge,
        "log": .log,
    ]

    /// Operators whose second argument runs with each element of the first as its data.
    var scopesItsSecondArgument: Bool {
        switch self {
        case .filter, .map, .reduce, .all, .none, .some: return true
        default: return false
        }
    }
}
