import Domain
import Foundation
import Protocols
import Testing

/// What json-logic-js gets from JavaScript, beyond the published suite: a condition must give
/// the same answer in the browser and on the server.
@Suite("JSON Logic: JavaScript semantics")
struct JSONLogicSemanticsTests {
    func json(_ text: String) -> JSONValue {
        (try? JSONValue(parsing: text)) ?? .string("not JSON: \(text)")
    }

    @Test("numbers are written as JavaScript writes them", arguments: [
        (1.5, "1.5"), (2.0, "2"), (0.1 + 0.2, "0.30000000000000004"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (1e-7, "1e-7"), (0.000001, "0.000001"), (-0.5, "-0.5"), (123456789012345680000.0, "123456789012345680000"),
    ] as [(Double, String)])
    func numberToString(_ number: Double, _ text: String) throws {
        #expect(try JSONLogic.apply(["cat": [.double(number)]]) == .string(text))
    }

    @Test("cat writes null as nothing and arrays joined with commas")
    func catJoins() throws {
        #expect(try JSONLogic.apply(["cat": ["a", nil, [1, nil, [2, 3]], true]]) == "a1,,2,3true")
    }

    @Test("whole results are .int, as the literal they equal", arguments: [
        (#"{"/": [4, 2]}"#, "2"), (#"{"*": [1.5, 2]}"#, "3"), (#"{"+": ["1.5", "1.5"]}"#, "3"),
        (#"{"/": [1, 4]}"#, "0.25"), (#"{"-": [2.5]}"#, "-2.5"),
    ])
    func wholeNumbers(_ rule: String, _ result: String) throws {
        #expect(try JSONLogic.apply(json(rule)) == json(result))
    }

    @Test("+ and * read numbers with parseFloat, - / % and comparisons with Number()", arguments: [
        (#"{"+": ["12abc", 1]}"#, 13.0), (#"{"-": ["12abc", 1]}"#, .nan), (#"{"-": [" 12 ", 1]}"#, 11),
        (#"{"-": ["0x10", 0]}"#, 16), (#"{"+": ["0x10"]}"#, 0), (#"{"-": ["", 1]}"#, -1),
        (#"{"%": [-7, 2]}"#, -1), (#"{"/": [1, 0]}"#, .infinity), (#"{"+": [null]}"#, .nan), (#"{"-": [null]}"#, 0),
    ] as [(String, Double)])
    func numericConversions(_ rule: String, _ result: Double) throws {
        let value = try #require(try JSONLogic.apply(json(rule)).doubleValue)
        #expect(value == result || (value.isNaN && result.isNaN))
    }

    @Test("loose equality converts as JavaScript does; strict equality does not", arguments: [
        ("1", #""1""#, true, false), ("0", #""""#, true, false), ("0", "false", true, false), ("1", "true", true, false),
        ("null", "false", false, false), ("null", "null", true, true), ("null", "0", false, false),
        ("[1]", "1", true, false), ("[1,2]", #""1,2""#, true, false), ("1", "1.0", true, true),
        (#""é""#, #""é""#, false, false), ("[1]", "[1]", false, false),
    ])
    func equality(_ a: String, _ b: String, _ loose: Bool, _ strict: Bool) throws {
        let pair: JSONValue = [json(a), json(b)]
        #expect(try JSONLogic.apply(["==": pair]) == .bool(loose))
        #expect(try JSONLogic.apply(["===": pair]) == .bool(strict))
        #expect(try JSONLogic.apply(["!=": pair]) == .bool(!loose))
        #expect(try JSONLogic.apply(["!==": pair]) == .bool(!strict))
    }

    @Test("comparisons: strings by UTF-16 units, mixed as numbers, NaN never, a missing argument never", arguments: [
        (#"{"<": ["a", "b"]}"#, true), (#"{"<": ["10", "9"]}"#, true), (#"{"<": ["10", 9]}"#, false),
        (#"{"<": [null, 1]}"#, true), (#"{"<=": ["x", 1]}"#, false), (#"{">=": ["x", 1]}"#, false), (#"{"<": [1]}"#, false),
        (#"{">": [{"var": "vars.missing"}, 0]}"#, false), (#"{">=": [{"var": "vars.missing"}, 0]}"#, true),
        (#"{"<": [1, 2, 3]}"#, true), (#"{"<=": [1, 1, 0]}"#, false),
    ])
    func comparisons(_ rule: String, _ result: Bool) throws {
        #expect(try JSONLogic.apply(json(rule), to: ["vars": [:]]) == .bool(result))
    }

    @Test("in: substring of a string, strict element of an array, and a falsy haystack returned as is")
    func inOperator() throws {
        #expect(try JSONLogic.apply(["in": [1, ["1", 2]]]) == false)
        #expect(try JSONLogic.apply(["in": [1, "a1"]]) == true)
        #expect(try JSONLogic.apply(["in": ["a", nil]]) == nil)
        #expect(try JSONLogic.apply(["in": ["a", 5]]) == false)
    }

    @Test("var reads array indices and length, and a default only where the path leads nowhere")
    func varPaths() throws {
        let data: JSONValue = ["a": ["b": nil, "list": [10, 20]], "s": "hey"]
        #expect(try JSONLogic.apply(["var": "a.list.1"], to: data) == 20)
        #expect(try JSONLogic.apply(["var": "a.list.length"], to: data) == 2)
        #expect(try JSONLogic.apply(["var": "s.length"], to: data) == 3)
        #expect(try JSONLogic.apply(["var": "a.list.01"], to: data) == nil)
        #expect(try JSONLogic.apply(["var": ["a.b", 5]], to: data) == nil, "present and null is not missing")
        #expect(try JSONLogic.apply(["var": ["a.c", 5]], to: data) == 5)
    }

    @Test("substr counts UTF-16 units and takes negative starts and lengths from the end")
    func substr() throws {
        #expect(try JSONLogic.apply(["substr": ["abcdef", -3]]) == "def")
        #expect(try JSONLogic.apply(["substr": ["abcdef", 1, -1]]) == "bcde")
        #expect(try JSONLogic.apply(["substr": [12345, 1, 2]]) == "23")
        #expect(try JSONLogic.apply(["substr": ["abc", 10]]) == "")
    }

    @Test("reads lists the constant paths a rule reads from its data, not those of the elements it iterates")
    func reads() {
        let rule: JSONValue = ["and": [
            ["==": [["var": "vars.hasKey"], true]],
            [">": [["var": ["visited.0123456789abcdef01234567", 0]], 0]],
            ["some": [["var": "vars.items"], ["==": [["var": "kind"], "sword"]]]],
            ["missing": ["vars.name", "steps"]],
        ]]
        let reads = JSONLogic.reads(rule)
        #expect(reads.paths == ["vars.hasKey", "visited.0123456789abcdef01234567", "vars.items", "vars.name", "steps"])
        #expect(!reads.isDynamic)
        #expect(JSONLogic.reads(["var": ["cat": ["vars.", ["var": "vars.which"]]]]) == JSONLogicReads(paths: ["vars.which"], isDynamic: true))
        #expect(JSONLogic.reads(["var": ""]).isDynamic)
    }
}
