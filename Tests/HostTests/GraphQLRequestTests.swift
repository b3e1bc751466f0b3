import Foundation
import GraphQL
@testable import Host
import OrderedCollections
import Testing

/// How a request body's JSON becomes the request GraphQL runs.
@Suite("GraphQL request body")
struct GraphQLRequestTests {
    private func variables(_ json: String) throws -> [String: Map]? {
        try JSONDecoder().decode(GraphQLRequest.self, from: Data(#"{"query": "{ __typename }", "variables": \#(json)}"#.utf8)).variables
    }

    @Test("each JSON type of a variable becomes its Map, whatever order the decoder tries them in")
    func everyType() throws {
        let decoded = try variables(#"""
            {"id": "0123456789abcdef01234567", "digits": "42", "word": "true", "n": 7, "big": 12345678901234567890,
             "x": 1.5, "yes": true, "no": false, "none": null, "list": [1, "a", false, null, [2.5], {"k": "v"}],
             "input": {"title": "T", "order": 3, "nested": {"b": true, "a": [1]}}}
            """#)
        #expect(decoded?["id"] == .string("0123456789abcdef01234567"))
        #expect(decoded?["digits"] == .string("42"))
        #expect(decoded?["word"] == .string("true"))
        #expect(decoded?["n"] == .number(Number(7)))
        #expect(decoded?["big"] == .number(Number(12345678901234567890.0)))
        #expect(decoded?["x"] == .number(Number(1.5)))
        #expect(decoded?["yes"] == .bool(true))
        #expect(decoded?["no"] == .bool(false))
        #expect(decoded?["none"] == .null)
        #expect(decoded?["list"] == .array([.number(Number(1)), .string("a"), .bool(false), .null, .array([.number(Number(2.5))]), .dictionary(["k": .string("v")])]))
        #expect(decoded?["input"] == .dictionary([
            "nested": .dictionary(["a": .array([.number(Number(1))]), "b": .bool(true)]), "order": .number(Number(3)), "title": .string("T"),
        ]))
    }

    @Test("an object's members are in key order, as the executor has always seen them")
    func membersSorted() throws {
        guard case .dictionary(let members)? = try variables(#"{"input": {"z": 1, "a": 2, "m": 3}}"#)?["input"] else {
            Issue.record("not an object")
            return
        }
        #expect(Array(members.keys) == ["a", "m", "z"])
    }

    @Test("GET's variables parameter decodes the same way; malformed JSON is an error")
    func getVariables() throws {
        #expect(try GraphQLRequest.variables(fromJSON: Data(#"{"id": "x", "n": 1}"#.utf8)) == ["id": .string("x"), "n": .number(Number(1))])
        #expect(throws: (any Error).self) { try GraphQLRequest.variables(fromJSON: Data(#"{"id": }"#.utf8)) }
        #expect(try variables("null") == nil)
    }
}
