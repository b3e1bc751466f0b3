import Foundation
import enum GraphQL.Map
@testable import Host
import Testing

/// The one-pass reader of a POST body (``GraphQLRequestReader``) against `JSONDecoder`, which reads
/// whatever the reader declines: the reader may decline a body, but never read one differently.
@Suite("GraphQL request body, read in one pass")
struct GraphQLRequestReaderTests {
    typealias Random = DifferentialCorpusTests.Random
    typealias Request = GraphQLRequest

    private func read(_ body: [UInt8]) -> Request? { body.withUnsafeBytes(GraphQLRequestReader.read) }

    private func decoded(_ body: [UInt8]) -> Request? {
        try? JSONDecoder().decode(Request.self, from: Data(body))
    }

    private func same(_ a: Request, _ b: Request) -> Bool {
        guard a.query == b.query, a.operationName == b.operationName else { return false }
        let left: [String: Map]? = a.variables, right: [String: Map]? = b.variables
        return left == right
    }

    /// Records an issue when the reader reads `body` and `JSONDecoder` does not, or reads it otherwise.
    /// - Returns: whether the reader read it.
    @discardableResult
    private func agree(_ body: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        guard let read = read(body) else { return false }
        guard let decoded = decoded(body) else {
            Issue.record("read, but JSONDecoder refuses: \(String(decoding: body, as: UTF8.self))", sourceLocation: sourceLocation)
            return true
        }
        if !same(read, decoded) {
            Issue.record("read otherwise than JSONDecoder: \(String(decoding: body, as: UTF8.self))", sourceLocation: sourceLocation)
        }
        return true
    }

    static let common: [String] = [
        #"{"query": "{ __typename }"}"#,
        #"{"query":"{ __typename }","variables":{},"operationName":null}"#,
        #"{"query": "query GetScenarioById($id: ID!) {\n  scenarioById(scenarioId: $id) { id }\n}", "variables": {"id": "0123456789abcdef01234567"}, "operationName": "GetScenarioById"}"#,
        #"{"query": "mutation($input: CreateSceneInput!) { createScene(input: $input) { scene { id } } }", "variables": {"input": {"title": "Caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t", "order": -12, "isStartScene": true, "isEndScene": false, "imageId": null, "tags": ["a", 1, [true], {"z": 0, "a": -0}]}}}"#,
        "{\"query\": \"{ scenarioById(scenarioId: \\\"x\\\") { title } }\", \"variables\": {\"t\": \"Ünïcödé raw, 日本語, 😀\"}}",
        " \t\r\n{ \"variables\" : { \"n\" : 9223372036854775807 , \"m\" : -9223372036854775808 } , \"query\" : \"q\" , \"extensions\" : {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"ab\"}} } \n",
        #"{"query": "", "variables": null, "operationName": "Op"}"#,
        #"{"query": "\u0000 \u001f \u007f \uffff"}"#,
        #"{"\u0071uery": "escaped key", "x": 1, "x": [2, true], "operationName": null}"#,
        #"{"query": "q", "variables": {"n": -9223372036854775808, "z": -0, "obj": {"deep": {"er": {}}}}}"#,
    ]

    @Test("the bodies clients send are read in one pass, into what JSONDecoder makes of them")
    func commonBodies() {
        for body in Self.common {
            #expect(agree(Array(body.utf8)), "declined: \(body)")
            #expect(decoded(Array(body.utf8)) != nil, "JSONDecoder refuses: \(body)")
        }
    }

    @Test("what it does not take on, it leaves to JSONDecoder (which reads it or words the error)")
    func declined() {
        let bodies: [String] = [
            #"{"query": "q", "variables": {"x": 1.5}}"#, #"{"query": "q", "variables": {"x": 1e3}}"#,
            #"{"query": "q", "variables": {"x": 9223372036854775808}}"#, #"{"query": "q", "variables": {"x": 01}}"#,
            #"{"query": "q", "query": "r"}"#, #"{"query": "q", "variables": {"a": 1, "a": 2}}"#,
            #"{"query": "\ud800"}"#, #"{"query": "\udc00\ud800"}"#, #"{"query": "\x"}"#, "{\"query\": \"a\tb\"}",
            "\u{FEFF}{\"query\": \"q\"}", #"{"query": "q"} x"#, #"{"query": "q",}"#, #"{"query": "q" "x": 1}"#,
            #"{"variables": {}}"#, #"{"query": 1}"#, #"{"query": null}"#, #"{"query": "q", "operationName": 2}"#,
            #"{"query": "q", "variables": []}"#, #"{"query": "q", "variables": "x"}"#, #"["query"]"#, "", "{",
            #"{"query": "q", "variables": {"x": tru}}"#, #"{"query": "q", "variables": {"x": [1,]}}"#,
            #"{"query": "q", "variables": {"x": -}}"#, #"{"query": "q"#,
            #"{"query": "q", "variables": {"x": -9223372036854775809}}"#,
            // Keys that are different bytes but the same text to Swift: declined, not trapped on.
            "{\"query\": \"q\", \"variables\": {\"\u{E9}\": 1, \"e\u{301}\": 2}}",
            // Whitespace JSON does not allow, between tokens.
            "{\u{0B}\"query\": \"q\"}", "{\u{0C}\"query\": \"q\"}", "{\u{A0}\"query\": \"q\"}", "{\u{2028}\"query\": \"q\"}",
            #"{"query": "\ud800\n"}"#, #"{"query": "\ud800\ud800"}"#, #"{"query": "\udc00"}"#, #"{"query": "\u12"}"#,
        ]
        for body in bodies { #expect(read(Array(body.utf8)) == nil, "read: \(body)") }
        // Bytes that are not UTF-8, in a string.
        let start: [UInt8] = Array(#"{"query": "a"#.utf8), end: [UInt8] = Array(#""}"#.utf8)
        for bad: [UInt8] in [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]] {
            let raw: [UInt8] = start + bad + end
            #expect(read(raw) == nil)
            let escaped: [UInt8] = start + Array(#"\n"#.utf8) + bad + end
            #expect(read(escaped) == nil)
        }
    }

    @Test("nesting up to its depth is read, beyond it declined, however long the body")
    func depth() {
        func nested(_ n: Int) -> [UInt8] {
            let prefix: String = #"{"query": "q", "variables": {"x": "#
            let open = String(repeating: "[", count: n), close = String(repeating: "]", count: n)
            return Array((prefix + open + close + "}}").utf8)
        }
        #expect(agree(nested(GraphQLRequestReader.maxDepth - 2)))
        #expect(read(nested(GraphQLRequestReader.maxDepth - 1)) == nil)
        #expect(read(nested(100_000)) == nil)
        func objects(_ n: Int, under key: String) -> [UInt8] {
            let open = String(repeating: #"{"k": "#, count: n), close = String(repeating: "}", count: n)
            return Array((#"{"query": "q", ""# + key + #"": "# + open + "1" + close + "}").utf8)
        }
        // `variables` is itself the first of the objects (depth 2); a member the request does not
        // know starts one deeper.
        #expect(agree(objects(GraphQLRequestReader.maxDepth - 1, under: "variables")))
        #expect(read(objects(GraphQLRequestReader.maxDepth, under: "variables")) == nil)
        #expect(agree(objects(GraphQLRequestReader.maxDepth - 2, under: "extensions")))
        #expect(read(objects(GraphQLRequestReader.maxDepth - 1, under: "extensions")) == nil)
        #expect(read(objects(100_000, under: "extensions")) == nil)
    }

    // MARK: Fuzz

    /// A random JSON value of the kinds clients send, written with random spacing and escapes.
    private func value(_ random: inout Random, depth: Int) -> String {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &random) {
        case 0: return "null"
        case 1: return Bool.random(using: &random) ? "true" : "false"
        case 2: return String(Int.random(in: Int.min...Int.max, using: &random) >> Int.random(in: 0...63, using: &random))
        case 3, 4: return string(&random)
        case 5:
            let items = (0..<Int.random(in: 0...4, using: &random)).map { _ in value(&random, depth: depth + 1) }
            return "[" + items.map { space(&random) + $0 + space(&random) }.joined(separator: ",") + "]"
        default: return object(&random, depth: depth)
        }
    }

    private func object(_ random: inout Random, depth: Int) -> String {
        let members = (0..<Int.random(in: 0...4, using: &random)).map { _ in
            space(&random) + string(&random) + space(&random) + ":" + space(&random) + value(&random, depth: depth + 1)
        }
        return "{" + members.joined(separator: ",") + space(&random) + "}"
    }

    private func space(_ random: inout Random) -> String {
        ["", "", " ", "\n", "\t ", "\r\n  "][Int.random(in: 0..<6, using: &random)]
    }

    private func string(_ random: inout Random) -> String {
        let scalars: [String] = ["a", "Z", "0", " ", "é", "日", "😀", "\\\"", "\\\\", "\\/", "\\n", "\\t", "\\b", "\\f", "\\r",
                                 "\\u00e9", "\\u0000", "\\ud83d\\ude00", "\\uD834\\uDD1E", "\\u2028", "\u{7F}"]
        return "\"" + (0..<Int.random(in: 0...8, using: &random)).map { _ in scalars.randomElement(using: &random)! }.joined() + "\""
    }

    private func body(_ random: inout Random) -> String {
        var members = ["\"query\":" + space(&random) + string(&random)]
        if Bool.random(using: &random) { members.append("\"variables\":" + space(&random) + (random.chance(0.2) ? "null" : object(&random, depth: 0))) }
        if Bool.random(using: &random) { members.append("\"operationName\":" + (random.chance(0.3) ? "null" : string(&random))) }
        if random.chance(0.2) { members.append("\"extensions\":" + value(&random, depth: 0)) }
        members.shuffle(using: &random)
        return space(&random) + "{" + members.map { space(&random) + $0 + space(&random) }.joined(separator: ",") + "}" + space(&random)
    }

    @Test("fuzz: generated bodies are read as JSONDecoder reads them, and so are their mutations when read at all")
    func fuzz() {
        var random = Random(state: 0x5EED_0F_B0D1E5)
        var readCount = 0
        for _ in 0..<3000 {
            let text = body(&random)
            if agree(Array(text.utf8)) { readCount += 1 }
            // A few bytes changed: most bodies become malformed; any the reader still reads must agree.
            var bytes = Array(text.utf8)
            for _ in 0..<Int.random(in: 1...3, using: &random) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &random)
                let byte = (Array(#"{}[],:"\ 0-9.eE+tfnu"#.utf8) + [0x0B, 0x0C, 0x00, 0x7F, 0x80, 0xC3, 0xE2, 0xED, 0xF4, 0xFF]).randomElement(using: &random)!
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = byte
                case 1: bytes.insert(byte, at: at)
                default: bytes.remove(at: at)
                }
            }
            agree(bytes)
        }
        #expect(readCount > 2500, "the reader declined \(3000 - readCount) of 3000 well-formed bodies")
    }
}
