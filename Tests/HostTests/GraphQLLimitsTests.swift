import Protocols
import Testing

@testable import Host

@Suite("GraphQL limits: settings and their ranges")
struct GraphQLLimitsTests {
    func limits(_ values: [String: String]) throws -> GraphQLLimits {
        try GraphQLLimits(EnvironmentSettings.from(values), debug: values["DEBUG"] == "true")
    }

    @Test("the defaults, and introspection following DEBUG unless GRAPHQL_INTROSPECTION says otherwise")
    func defaults() throws {
        let standard = try limits([:])
        #expect(standard.maxDocumentNesting == 64)
        #expect(standard.maxQueryCost == 50_000)
        #expect(standard.maxQueryNodes == 2_500)
        #expect(standard.maxAliases == 200)
        #expect(standard.listSizeEstimate == 20)
        #expect(standard.maxUploadsPerRequest == 10)
        #expect(standard.requestTimeoutSeconds == 30)
        let server = try ServerSettings(EnvironmentSettings.from(["DEBUG": "true"]))
        #expect(server.graphQL.requestTimeoutSeconds == 30, "the issue's default, 10 s past GENERATION_WAIT_SECONDS (20)")
        let longWait = try ServerSettings(EnvironmentSettings.from(["DEBUG": "true", "GENERATION_WAIT_SECONDS": "60"]))
        #expect(longWait.graphQL.requestTimeoutSeconds == 70)
        #expect(standard.disconnectCheckSeconds == 2)
        #expect(standard.introspection == false)
        #expect(try limits(["DEBUG": "true"]).introspection == true)
        #expect(try limits(["DEBUG": "true", "GRAPHQL_INTROSPECTION": "off"]).introspection == false)
        #expect(try limits(["GRAPHQL_INTROSPECTION": "on"]).introspection == true)
    }

    @Test("REQUEST_TIMEOUT_SECONDS must leave generate mutations their GENERATION_WAIT_SECONDS")
    func deadlineAboveGenerationWait() throws {
        #expect(throws: PluginConfigurationError.invalid(
            variable: "REQUEST_TIMEOUT_SECONDS", reason: "30 must be above GENERATION_WAIT_SECONDS 60, which generate mutations may wait")) {
            try ServerSettings(EnvironmentSettings.from(["DEBUG": "true", "REQUEST_TIMEOUT_SECONDS": "30", "GENERATION_WAIT_SECONDS": "60"]))
        }
        let short = try ServerSettings(EnvironmentSettings.from(["DEBUG": "true", "REQUEST_TIMEOUT_SECONDS": "5", "GENERATION_WAIT_SECONDS": "2"]))
        #expect(short.graphQL.requestTimeoutSeconds == 5)
    }

    @Test("a value outside its range stops start-up with a message naming the variable and the range", arguments: [
        ("MAX_DOCUMENT_NESTING", "5000", "8...256"), ("MAX_QUERY_COST", "0", "10...100000000"),
        ("MAX_QUERY_NODES", "-1", "10...10000000"), ("MAX_ALIASES", "-5", "0...1000000"),
        ("QUERY_COST_LIST_SIZE", "0", "1...10000"), ("MAX_UPLOADS_PER_REQUEST", "0", "1...1000"),
        ("REQUEST_TIMEOUT_SECONDS", "0", "1...3600"), ("DISCONNECT_CHECK_AFTER_SECONDS", "0", "1...3600"),
    ])
    func ranges(variable: String, value: String, range: String) throws {
        #expect(throws: PluginConfigurationError.invalid(variable: variable, reason: "\(value) is outside the allowed range \(range)")) {
            try ServerSettings(EnvironmentSettings.from(["DEBUG": "true", variable: value]))
        }
        #expect(throws: PluginConfigurationError.invalid(variable: variable, reason: "'lots' is not an integer")) {
            try limits([variable: "lots"])
        }
    }
}
