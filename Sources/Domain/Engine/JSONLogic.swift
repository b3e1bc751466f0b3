import Foundation
import Protocols

/// JSON Logic (jsonlogic.com), evaluated over ``JSONValue`` with the semantics of json-logic-js,
/// so that a rule gives the same answer here as in a browser.
///
/// A rule is a JSON value. An object with exactly one key is an operation (`{"==": [1, 1]}`);
/// an array is evaluated element by element; anything else is itself. Data is read with `var`.
/// Numbers follow JavaScript: there is one number type (`1 == 1.0`), and whole results come
/// back as `.int`.
///
/// Evaluation is bounded (``Limits``): a rule cannot nest deeper than `maxDepth`, take more than
/// `maxSteps` steps, or build values larger than `maxValueSize`. ``check(_:limits:)`` refuses
/// at save time a rule that could not run: an unknown operator, or a rule over the bounds.
///
/// Differences from json-logic-js, all in places a condition has no use for: `method` and
/// custom operators do not exist; arrays and objects compare by value nowhere (`==` between two
/// of them is false, as it is in JavaScript for two distinct objects); an operation that would
/// throw a JavaScript `TypeError` throws ``JSONLogicError/invalidArguments(operator:reason:)``.
public enum JSONLogic {
    /// The bounds on one evaluation.
    public struct Limits: Hashable, Sendable {
        /// How deep a rule may nest (operators and arrays each count one level).
        public var maxDepth: Int
        /// How many nodes one evaluation may visit, iterations of `map`, `filter`, `reduce`,
        /// `all`, `some` and `none` included. Also the largest number of nodes a rule may have.
        public var maxSteps: Int
        /// The largest array (in elements) or string (in UTF-16 units) a rule may build.
        public var maxValueSize: Int

        public init(maxDepth: Int = 32, maxSteps: Int = 10_000, maxValueSize: Int = 10_000) {
            self.maxDepth = maxDepth
            self.maxSteps = maxSteps
            self.maxValueSize = maxValueSize
        }

        /// Depth 32, 10 000 steps, values of 10 000 elements.
        public static let `default` = Limits()
    }

    /// Every operator this evaluator knows, aliases included.
    public static var operators: Set<String> { Set(JSONLogicOperator.byName.keys) }

    /// Evaluates `rule` against `data`.
    /// - Throws: ``JSONLogicError`` for an unknown operator, a bound exceeded, or arguments an
    ///   operator cannot work with.
    public static func apply(
        _ rule: JSONValue, to data: JSONValue = .null, limits: Limits = .default
    ) throws(JSONLogicError) -> JSONValue {
        var evaluator = JSONLogicEvaluator(limits: limits)
        return try evaluator.evaluate(rule, data)
    }

    /// JSON Logic's truthiness: `false`, `null`, `0`, NaN, `""` and `[]` are false, everything
    /// else (`{}`, `"0"`, `[0]`) true.
    public static func truthy(_ value: JSONValue) -> Bool {
        if case .array(let items) = value { return !items.isEmpty }
        return JavaScript.isTruthy(value)
    }

    /// Whether `condition` is "no condition": `{}` or `null`, which always hold.
    public static func isAlways(_ condition: JSONValue) -> Bool {
        condition == .emptyObject || condition == .null
    }

    /// Whether a choice's `condition` holds for `data`: `{}` and `null` always do, any other
    /// rule when its result is truthy.
    public static func isSatisfied(
        _ condition: JSONValue, by data: JSONValue, limits: Limits = .default
    ) throws(JSONLogicError) -> Bool {
        if isAlways(condition) { return true }
        return truthy(try apply(condition, to: data, limits: limits))
    }

    /// Checks a rule before it is saved: every operator known, every object a rule or `{}`,
    /// no deeper than `maxDepth`, no more nodes than `maxSteps`. A rule that passes cannot fail
    /// on depth when it runs; steps and value sizes depend on the data and are still bounded then.
    /// - Throws: the first ``JSONLogicError`` found, naming the unknown operator.
    public static func check(_ rule: JSONValue, limits: Limits = .default) throws(JSONLogicError) {
        var nodes = 0
        try checkNode(rule, depth: 1, nodes: &nodes, limits: limits)
    }

    private static func checkNode(
        _ node: JSONValue, depth: Int, nodes: inout Int, limits: Limits
    ) throws(JSONLogicError) {
        nodes += 1
        if nodes > limits.maxSteps { throw .ruleTooLarge(limit: limits.maxSteps) }
        if depth > limits.maxDepth { throw .tooDeep(limit: limits.maxDepth) }
        switch node {
        case .array(let items):
            for item in items { try checkNode(item, depth: depth + 1, nodes: &nodes, limits: limits) }
        case .object(let members):
            guard !members.isEmpty else { return }
            guard members.count == 1, let (op, arguments) = members.first else {
                throw .ambiguousObject(keys: members.keys.sorted())
            }
            guard JSONLogicOperator.byName[op] != nil else { throw .unknownOperator(op) }
            if case .array(let items) = arguments {
                for item in items { try checkNode(item, depth: depth + 1, nodes: &nodes, limits: limits) }
            } else {
                try checkNode(arguments, depth: depth + 1, nodes: &nodes, limits: limits)
            }
        default:
            return
        }
    }
}
