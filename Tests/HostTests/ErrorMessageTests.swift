import Foundation
import Logging
import Protocols
import Synchronization
import Testing

@testable import Host
import Domain

/// Errors say what is wrong in plain words and never show internals: no Swift type names,
/// no library domains, no file paths. A fault of the server is answered with a request id that
/// its log line carries too.
@Suite("Error messages")
struct ErrorMessageTests {
    @Test("a fraction where an integer goes names the argument and says 'an integer', not the decoder's text")
    func fractionForInteger() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let answer = try await api.graphql(
                "mutation($i: CreateSceneInput!) { createScene(input: $i) { success message } }",
                ["i": ["scenarioId": .string(scenario), "title": "T", "order": .double(3.5)]], token: admin.token)
            let text = "\(answer)"
            #expect(text.contains("order"), "\(text)")
            #expect(text.contains("integer") || text.contains("Int cannot represent"), "\(text)")
            for leak in ["Parsed Map", "Map number", "does not fit", "Swift."] { #expect(!text.contains(leak), "\(text)") }
        }
    }

    @Test("an upload the server cannot spool answers 'Internal error (request id …)' with nothing of the cause")
    func spoolFailureIsAnInternalError() async throws {
        let blocker = FileManager.default.temporaryDirectory.appendingPathComponent("blocker-\(UUID().uuidString)")
        FileManager.default.createFile(atPath: blocker.path, contents: Data("a file, not a folder".utf8))
        defer { try? FileManager.default.removeItem(at: blocker) }
        try await TestServer.with(["UPLOAD_TMP_DIR": blocker.appendingPathComponent("spool").path], mode: .live) { api in
            let ann = try await api.player()
            let answer = try await api.upload(SampleMedia.png(), type: "image", token: ann.token)
            let text = "\(answer)"
            #expect(answer.status == .serviceUnavailable, "\(text)")
            #expect(text.range(of: #"Internal error \(request id [^)]+\)"#, options: .regularExpression) != nil, "\(text)")
            for leak in ["NSCocoaErrorDomain", "Error Domain", blocker.path, "NSFilePath", "spool"] {
                #expect(!text.contains(leak), "\(text)")
            }
        }
    }

    @Test("an internal error is logged in full with the request id that the client is answered with")
    func internalErrorCarriesTheLoggedId() {
        let lines = CapturedLines()
        var logger = Logger(label: "test") { _ in CapturingHandler(lines: lines) }
        logger[metadataKey: "hb.request.id"] = "req-42"
        struct Broken: Error, CustomStringConvertible { var description: String { "disk /var/x exploded" } }
        let message = InternalErrorReporter(logger: logger).publicMessage(Broken())
        #expect(message == "Internal error (request id req-42)")
        let logged = lines.all.joined(separator: "\n")
        #expect(logged.contains("req-42") && logged.contains("disk /var/x exploded"), "\(logged)")
    }

    @Test("refusals keep their text and outages their safe sentence")
    func refusalsKeepTheirText() {
        let reporter = InternalErrorReporter(logger: Logger(label: "test"))
        #expect(reporter.publicMessage(APIError.invalidInput("title is required")) == "title is required")
        #expect(reporter.publicMessage(StoreError.unavailable("socket 10.0.0.3 refused")) == "The database is unavailable, please retry later")
    }
}

/// Control characters other than tab, newline and carriage return are refused in every text field,
/// naming the field, the character and its position.
@Suite("Text fields")
struct TextFieldTests {
    @Test("a NUL, an escape or a DEL in a title, a description, a scene's text, a choice's text or a name is refused, naming the field")
    func controlCharactersRefused() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let story = try await api.story(token: admin.token)
            let cases: [(mutation: String, variables: [String: JSONValue], payload: String, field: String)] = [
                ("mutation($t: String!) { createScenario(input: {title: $t, description: \"d\"}) { success message } }",
                 ["t": "The\u{0}Cave"], "createScenario", "title"),
                ("mutation($d: String) { createScenario(input: {title: \"ok\", description: $d}) { success message } }",
                 ["d": "bell \u{7} here"], "createScenario", "description"),
                ("mutation($s: ID!, $x: String) { createScene(input: {scenarioId: $s, title: \"t\", text: $x}) { success message } }",
                 ["s": .string(story.scenario), "x": "esc \u{1B}[31m red"], "createScene", "text"),
                ("mutation($f: ID!, $t: ID!, $x: String!) { createChoice(input: {fromSceneId: $f, toSceneId: $t, text: $x}) { success message } }",
                 ["f": .string(story.start), "t": .string(story.end), "x": "del\u{7F}"], "createChoice", "text"),
                ("mutation($n: String) { createUser(input: {email: \"nul@example.com\", password: \"password1\", firstName: $n}) { success message } }",
                 ["n": "Ann\u{0}"], "createUser", "firstName"),
            ]
            for item in cases {
                let answer = try await api.graphql(item.mutation, item.variables, token: admin.token)
                let message = answer.string("data.\(item.payload).message") ?? answer.string("errors.0.message") ?? "\(answer)"
                #expect(answer.bool("data.\(item.payload).success") != true, "\(answer)")
                #expect(message.hasPrefix("\(item.field) must not contain control characters (U+"), "\(message)")
            }
        }
    }

    @Test("tab, newline and carriage return are kept")
    func whitespaceKept() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let text = "line one\r\n\tline two\n"
            let answer = try await api.graphql(
                "mutation($s: ID!, $x: String) { createScene(input: {scenarioId: $s, title: \"t\", text: $x}) { success scene { text } } }",
                ["s": .string(scenario), "x": .string(text)], token: admin.token)
            #expect(answer.string("data.createScene.scene.text") == text, "\(answer)")
        }
    }

    @Test("the validator names the code and the position of the first forbidden character")
    func messageNamesCodeAndPosition() {
        #expect(throws: DomainError.invalid(field: "title", reason:
            "title must not contain control characters (U+0000 at position 4); only tab, newline and carriage return are allowed")
        ) { try Validate.length("The\u{0}Cave", field: "title", max: 200) }
        #expect(throws: DomainError.self) { try Validate.length("C1 \u{85} control", field: "title", max: 200) }
        #expect(throws: DomainError.self) { try Validate.password("pass\u{0}word1") }
    }
}

final class CapturedLines: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ line: String) { storage.withLock { $0.append(line) } }
    var all: [String] { storage.withLock { $0 } }
}

struct CapturingHandler: LogHandler {
    let lines: CapturedLines
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        lines.append("\(event.level) \(event.message) \(all)")
    }
}
