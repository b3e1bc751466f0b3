import Domain
import Foundation
import Protocols
import Testing

/// The JSON Logic suite published with json-logic-js, read from `shared/conformance`.
///
/// The file is found through `JSONLOGIC_TESTS` when set, else by walking up from this source file
/// to the first directory that holds `shared/conformance/jsonlogic-tests.json` (the repository's
/// own `shared/`, or the one next to the repository).
@Suite("JSON Logic: the json-logic-js conformance suite")
struct JSONLogicConformanceTests {
    @Test("the suite file is found, and holds the published cases")
    func suiteIsPresent() throws {
        let suite = try #require(JSONLogicSuite.load(), "jsonlogic-tests.json not found: set JSONLOGIC_TESTS")
        #expect(suite.count >= 250)
    }

    @Test("the file is found from a test file anywhere below the directory that holds shared/conformance")
    func lookup() throws {
        guard ProcessInfo.processInfo.environment["JSONLOGIC_TESTS"] == nil else { return }
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("jsonlogic-lookup-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        let data = root.appendingPathComponent("shared/conformance")
        try fm.createDirectory(at: data, withIntermediateDirectories: true)
        try Data("[]".utf8).write(to: data.appendingPathComponent("jsonlogic-tests.json"))
        // The repository next to shared/, as /work/main is next to /work/shared.
        let testFile = root.appendingPathComponent("main/Tests/DomainTests/Engine/JSONLogicConformanceTests.swift").path
        #expect(JSONLogicSuite.location(filePath: testFile)?.standardizedFileURL.path
            == data.appendingPathComponent("jsonlogic-tests.json").standardizedFileURL.path)
    }

    @Test("every case gives the published result", arguments: JSONLogicSuite.load() ?? [])
    func conformance(_ testCase: JSONLogicSuite.Case) throws {
        let result = try JSONLogic.apply(testCase.rule, to: testCase.data)
        #expect(
            JSONLogicSuite.sameJSON(result, testCase.expected),
            "\(testCase.rule.jsonString) on \(testCase.data.jsonString) gave \(result.jsonString), expected \(testCase.expected.jsonString)"
        )
    }
}

/// Reads the shared JSON Logic conformance file.
enum JSONLogicSuite {
    /// One `[rule, data, expected]` entry, with the comment heading it.
    struct Case: Sendable, CustomTestStringConvertible {
        var index: Int
        var section: String
        var rule: JSONValue
        var data: JSONValue
        var expected: JSONValue

        var testDescription: String { "#\(index) \(section): \(rule.jsonString) on \(data.jsonString)" }
    }

    static func location(filePath: String = #filePath) -> URL? {
        let fm = FileManager.default
        if let path = ProcessInfo.processInfo.environment["JSONLOGIC_TESTS"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/conformance/jsonlogic-tests.json")
            if fm.fileExists(atPath: candidate.path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    static func load() -> [Case]? {
        guard let url = location(), let text = try? String(contentsOf: url, encoding: .utf8),
            case .array(let entries)? = try? JSONValue(parsing: text)
        else { return nil }
        var section = ""
        var cases: [Case] = []
        for (index, entry) in entries.enumerated() {
            switch entry {
            case .string(let comment):
                section = comment
            case .array(let parts) where parts.count == 3:
                cases.append(Case(index: index, section: section, rule: parts[0], data: parts[1], expected: parts[2]))
            default:
                continue
            }
        }
        return cases
    }

    /// Equality as JavaScript's JSON sees it: one number type, so `2` and `2.0` are the same.
    static func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy(sameJSON)
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { key, value in y[key].map { sameJSON(value, $0) } ?? false }
        default:
            if let x = a.doubleValue, let y = b.doubleValue { return x == y }
            return a == b
        }
    }
}
