import Domain
import Foundation
import Protocols
import Testing

/// A condition is data written by authors and evaluated on every move: it must be refused when
/// saved if it could not run, and must stop within its bounds when it runs.
@Suite("JSON Logic: bounds, unknown operators, save-time checks")
struct JSONLogicBoundsTests {
    /// `{"!": {"!": ... true ...}}`, `levels` operators deep.
    static func nested(_ levels: Int) -> JSONValue {
        var rule: JSONValue = true
        for _ in 0..<levels { rule = ["!": rule] }
        return rule
    }

    @Test("the default limits are depth 32, 10 000 steps and values of 10 000 elements")
    func defaults() {
        #expect(JSONLogic.Limits.default == JSONLogic.Limits(maxDepth: 32, maxSteps: 10_000, maxValueSize: 10_000))
    }

    @Test("{} and null are no condition: always satisfied, whatever the data")
    func noCondition() throws {
        #expect(try JSONLogic.isSatisfied(.emptyObject, by: .null))
        #expect(try JSONLogic.isSatisfied(.null, by: ["vars": [:]]))
        #expect(JSONLogic.isAlways(.emptyObject) && JSONLogic.isAlways(.null))
        #expect(!JSONLogic.isAlways(false))
        try JSONLogic.check(.emptyObject)
    }

    @Test("a condition holds when its result is truthy in JSON Logic's sense ([] and \"\" do not, \"0\" does)")
    func truthiness() throws {
        #expect(try !JSONLogic.isSatisfied([], by: .null))
        #expect(try !JSONLogic.isSatisfied("", by: .null))
        #expect(try JSONLogic.isSatisfied("0", by: .null))
        #expect(try JSONLogic.isSatisfied(["var": "vars.gold"], by: ["vars": ["gold": 3]]))
        #expect(try !JSONLogic.isSatisfied(["var": "vars.gold"], by: ["vars": ["gold": 0]]))
    }

    @Test("a rule at the depth limit runs; one level deeper is refused when run and when checked")
    func depth() throws {
        // The innermost `true` is a level of its own: 31 operators + 1 literal = 32.
        #expect(try JSONLogic.apply(Self.nested(31)) == false)
        try JSONLogic.check(Self.nested(31))
        #expect(throws: JSONLogicError.tooDeep(limit: 32)) { try JSONLogic.apply(Self.nested(32)) }
        #expect(throws: JSONLogicError.tooDeep(limit: 32)) { try JSONLogic.check(Self.nested(32)) }
    }

    @Test("the limits are configurable")
    func configurable() throws {
        let tight = JSONLogic.Limits(maxDepth: 4, maxSteps: 5, maxValueSize: 3)
        #expect(throws: JSONLogicError.tooDeep(limit: 4)) { try JSONLogic.apply(Self.nested(4), limits: tight) }
        #expect(throws: JSONLogicError.tooManySteps(limit: 5)) {
            try JSONLogic.apply(["+": [1, 2, 3, 4, 5]], limits: tight)
        }
        #expect(throws: JSONLogicError.valueTooLarge(limit: 3)) { try JSONLogic.apply(["cat": ["ab", "cd"]], limits: tight) }
        #expect(throws: JSONLogicError.valueTooLarge(limit: 3)) { 
            try JSONLogic.apply(["merge": [["var": "a"], ["var": "a"]]], to: ["a": [1, 2]], limits: tight)
        }
        #expect(try JSONLogic.apply(["cat": ["ab", "c"]], limits: tight) == "abc")
    }

    @Test("iterations count as steps: a map over a large array stops at the step limit")
    func stepsCountIterations() throws {
        let data: JSONValue = ["items": .array((0..<20_000).map { .int($0) })]
        let rule: JSONValue = ["map": [["var": "items"], ["+": [["var": ""], 1]]]]
        #expect(throws: JSONLogicError.tooManySteps(limit: 10_000)) { try JSONLogic.apply(rule, to: data) }
        let small: JSONValue = ["items": [1, 2, 3]]
        #expect(try JSONLogic.apply(rule, to: small) == [2, 3, 4])
    }

    @Test("a rule that doubles a string on every step of a reduce stops at the value size limit")
    func growthIsBounded() throws {
        let data: JSONValue = ["n": .array((0..<100).map { .int($0) })]
        let rule: JSONValue = ["reduce": [["var": "n"], ["cat": [["var": "accumulator"], ["var": "accumulator"]]], "ab"]]
        #expect(throws: JSONLogicError.valueTooLarge(limit: 10_000)) { try JSONLogic.apply(rule, to: data) }
    }

    @Test("a rule with more parts than the step limit is refused when checked")
    func tooLarge() throws {
        let wide: JSONValue = ["or": .array(Array(repeating: false, count: 10_000))]
        #expect(throws: JSONLogicError.ruleTooLarge(limit: 10_000)) { try JSONLogic.check(wide) }
        try JSONLogic.check(["or": .array(Array(repeating: false, count: 9_998))])
    }

    @Test("an unknown operator is refused, naming it, when checked and when run", arguments: [
        ["method": ["abc", "toUpperCase"]] as JSONValue,
        ["and": [true, ["==": [1, ["varr": "vars.x"]]]]],
        ["map": [["var": "xs"], ["bogus": 1]]],
    ])
    func unknownOperator(_ rule: JSONValue) throws {
        do {
            try JSONLogic.check(rule)
            Issue.record("\(rule.jsonString) passed the check")
        } catch {
            guard case .unknownOperator(let op) = error else { Issue.record("\(error)"); return }
            #expect(["method", "varr", "bogus"].contains(op))
            #expect(error.description == "unknown operator '\(op)'")
        }
        #expect(throws: JSONLogicError.self) { try JSONLogic.apply(rule, to: ["xs": [1]]) }
    }

    @Test("an object with several keys is refused when checked: it is not a rule, and would always hold")
    func ambiguousObject() throws {
        let rule: JSONValue = ["==": [1, 1], "!": true]
        #expect(throws: JSONLogicError.ambiguousObject(keys: ["!", "=="])) { try JSONLogic.check(rule) }
        // Run anyway, it is a literal object, as in json-logic-js.
        #expect(try JSONLogic.apply(rule) == rule)
    }

    @Test("every operator of the conformance suite is known, and there is no `method`")
    func operators() {
        let ops = JSONLogic.operators
        for op in ["==", "===", "!=", "!==", ">", ">=", "<", "<=", "!", "!!", "and", "or", "if", "?:", "in", "cat", "substr",
                   "+", "-", "*", "/", "%", "min", "max", "merge", "var", "missing", "missing_some", "map", "filter", "reduce",
                   "all", "none", "some"] {
            #expect(ops.contains(op), "\(op)")
        }
        #expect(!ops.contains("method"))
    }

    @Test("`*` with no argument is refused as JavaScript's reduce would be")
    func emptyProduct() {
        #expect(throws: JSONLogicError.invalidArguments(operator: "*", reason: "needs at least one argument")) {
            try JSONLogic.apply(["*": []])
        }
    }
}
