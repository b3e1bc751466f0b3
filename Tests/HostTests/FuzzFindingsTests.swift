import Foundation
import Protocols
import Testing

@testable import Host

/// What the fuzzers (scripts/fuzz) found that the attack list did not name, each sent
/// through HTTP.
@Suite("Fuzz findings: tiny requests that trapped or spun")
struct FuzzFindingsTests {
    @Test("equal definitions, which trap GraphQLSwift's validation, are refused by the spec's rules before it",
          arguments: [
            ("{ __typename } { __typename }", "This anonymous operation must be the only defined operation."),
            ("{ a } { b } { a }", "This anonymous operation must be the only defined operation."),
            ("mutation B { __typename }\n{ __typename }\nquery A { __typename }", "This anonymous operation must be the only defined operation."),
            ("query A { __typename } query A { __typename }", "There can be only one operation named \"A\"."),
            ("query A { ...F } fragment F on Query { __typename } fragment F on Query { __typename }", "There can be only one fragment named \"F\"."),
          ])
    func equalDefinitions(document: String, message: String) async throws {
        try await TestServer.with { api in
            // The trap depends on the process's hash seed: send each a few times.
            for _ in 0..<5 {
                let r = try await api.post(body: JSONValue.object(["query": .string(document), "operationName": "Nope"]).jsonString)
                #expect(r.errors == [message], "\(r)")
            }
            #expect(try await api.graphql("{ __typename }").string("data.__typename") == "Query")
        }
    }

    @Test("nested objects in request variables are decoded and answered; past MAX_DOCUMENT_NESTING refused")
    func nestedObjectVariables() async throws {
        try await TestServer.with { api in
            for depth in [20, 25, 60] {
                var value: JSONValue = 1
                for _ in 0..<depth { value = ["a": value] }
                // Not declared by the operation: only the request's decoding is exercised (its time is
                // measured by the fuzz run's per-request bound, not here).
                let r = try await api.graphql("{ __typename }", ["v": value])
                #expect(r.string("data.__typename") == "Query", "\(r)")
            }
            var deep: JSONValue = 1
            for _ in 0..<70 { deep = ["a": deep] }
            let refused = try await api.graphql("{ __typename }", ["v": deep])
            #expect(refused.errors.first?.hasSuffix("exceeds MAX_DOCUMENT_NESTING 64") == true, "\(refused)")
        }
    }
}
