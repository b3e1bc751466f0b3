import Domain
import Foundation
import Protocols
import Testing

/// A choice's effects, as an author writes them and as taking the choice applies them.
@Suite("Effects and variable declarations")
struct EffectTests {
    func json(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }

    @Test("effects are read from a JSON array of set and add, and written back the same way")
    func parsing() throws {
        let stored = try json(#"[{"set": "hasKey", "value": true}, {"add": "gold", "value": 5}, {"set": "mood", "value": {"x": [1]}}]"#)
        let effects = try Effect.list(from: stored)
        #expect(effects == [
            .set(variable: "hasKey", value: true), .add(variable: "gold", amount: 5), .set(variable: "mood", value: ["x": [1]]),
        ])
        #expect(Effect.jsonValue(of: effects) == stored)
        #expect(effects.map(\.variable) == ["hasKey", "gold", "mood"])
    }

    @Test("no effects: [] or null")
    func none() throws {
        #expect(try Effect.list(from: []) == [])
        #expect(try Effect.list(from: .null) == [])
    }

    @Test("a malformed effect is refused, naming its index and what is wrong", arguments: [
        (#"[{"set": "a", "value": 1}, {"add": "gold", "value": "5"}]"#, 1, #"'add' needs a number as 'value', got "5""#),
        (#"[{"set": "a"}]"#, 0, "'set' needs a 'value'"),
        (#"[{"value": 1}]"#, 0, "an effect needs 'set' or 'add'"),
        (#"[{"set": "a", "add": "b", "value": 1}]"#, 0, "an effect has either 'set' or 'add', not both"),
        (#"[{"set": "a", "value": 1, "when": true}]"#, 0, "unknown key 'when' (an effect has 'set' and 'value')"),
        (#"[{"set": 3, "value": 1}]"#, 0, "'set' must be the variable's name, as a string"),
        (#"[{"set": "a.b", "value": 1}]"#, 0, "a variable name cannot contain '.' (rules read it as vars.a.b)"),
        (#"[{"set": "", "value": 1}]"#, 0, "a variable needs a name"),
        (#"[true, 1]"#, 0, #"an effect is an object such as {"set": "hasKey", "value": true}"#),
    ])
    func refused(_ text: String, _ index: Int, _ reason: String) throws {
        #expect(throws: EffectError.invalid(index: index, reason: reason)) { try Effect.list(from: json(text)) }
        #expect(EffectError.invalid(index: index, reason: reason).description == "effect \(index): \(reason)")
    }

    @Test("effects must be a list, of at most 100")
    func shape() throws {
        #expect(throws: EffectError.notAList) { try Effect.list(from: ["set": "a", "value": 1]) }
        let many = JSONValue.array(Array(repeating: ["add": "n", "value": 1], count: 101))
        #expect(throws: EffectError.tooMany(limit: 100)) { try Effect.list(from: many) }
    }

    @Test("set replaces, add sums (an unset variable counts as 0), in order")
    func applying() throws {
        let state = PlayerState(vars: ["gold": 10, "name": "Ann"])
        let next = try state.applying([
            .add(variable: "gold", amount: 5), .add(variable: "torches", amount: 2), .add(variable: "torches", amount: -0.5),
            .set(variable: "name", value: "Bob"), .set(variable: "hasKey", value: true),
        ])
        #expect(next.vars == ["gold": 15, "torches": 1.5, "name": "Bob", "hasKey": true])
        #expect(state.vars == ["gold": 10, "name": "Ann"], "the state is a value")
    }

    @Test("sums stay whole numbers while they can: 0.5 + 0.5 is 1")
    func wholeSums() throws {
        let next = try PlayerState(vars: ["x": 0.5]).applying([.add(variable: "x", amount: 0.5)])
        #expect(next.vars["x"] == .int(1))
        let big = try PlayerState(vars: ["x": .int(.max)]).applying([.add(variable: "x", amount: 1)])
        #expect(big.vars["x"]?.doubleValue == Double(Int.max) + 1)
    }

    @Test("adding to something that is not a number fails, and nothing is applied")
    func addToNonNumber() throws {
        let state = PlayerState(vars: ["name": "Ann"])
        #expect(throws: EffectError.notANumber(variable: "name", value: "Ann")) {
            try state.applying([.set(variable: "gold", value: 1), .add(variable: "name", amount: 1)])
        }
        #expect(throws: EffectError.outOfRange(variable: "x")) {
            try PlayerState(vars: ["x": 1.7e308]).applying([.add(variable: "x", amount: 1.7e308)])
        }
    }

    @Test("a scenario declares its variables as an object of name → initial value")
    func declarations() throws {
        #expect(try StoryVariables.parse(["hasKey": false, "gold": 0]) == ["hasKey": false, "gold": 0])
        #expect(try StoryVariables.parse(.emptyObject) == [:])
        #expect(try StoryVariables.parse(.null) == [:])
        #expect(throws: EffectError.declarationsNotAnObject) { try StoryVariables.parse(["hasKey"]) }
        #expect(throws: EffectError.invalidDeclaration(variable: "a.b", reason: "a variable name cannot contain '.' (rules read it as vars.a.b)")) {
            try StoryVariables.parse(["a.b": 1])
        }
        #expect(StoryVariables.problem(withName: String(repeating: "x", count: 65)) != nil)
        #expect(StoryVariables.problem(withName: " x") != nil)
        #expect(StoryVariables.problem(withName: "Schlüssel gefunden") == nil)
    }
}
