import Domain
import Foundation
import Protocols
import Testing

/// A small deterministic generator (SplitMix64), so that a failure can be replayed from its seed.
struct TwineSeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Round trips of generated stories full of awkward characters")
struct TwineRoundTripPropertyTests {
    static let pieces = [
        "a", "Z", "cave", " ", "  ", "\n", "\n\n", "\t", "\r\n", "[", "]", "[[", "]]", "][", "|", "->", "<-", "{", "}",
        "\\", "::", ":", "\"", "é", "✓", "👍🏽", "&", "&amp;", "<", ">", "'", "https://", "x://y", "Start", "StoryData",
        "StoryTitle", " (2)", "\u{2028}", "\u{2029}", "\u{85}", "\u{0B}", "\u{0}", "\u{A0}", "/", "\\:\\:",
    ]

    static func string(_ rng: inout TwineSeededGenerator, maxPieces: Int) -> String {
        (0..<Int.random(in: 0...maxPieces, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
    }

    static func json(_ rng: inout TwineSeededGenerator, depth: Int = 0) -> JSONValue {
        switch Int.random(in: 0...(depth > 2 ? 4 : 6), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(Int.random(in: -1000...1000, using: &rng))
        case 3: return .double(Double(Int.random(in: -1000...1000, using: &rng)) / 8)
        case 4: return .string(string(&rng, maxPieces: 3))
        case 5: return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in json(&rng, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...3, using: &rng) { members[string(&rng, maxPieces: 2)] = json(&rng, depth: depth + 1) }
            return .object(members)
        }
    }

    static func graph(seed: UInt64) -> StoryGraph {
        var rng = TwineSeededGenerator(state: seed)
        let count = Int.random(in: 0...8, using: &rng)
        let scenes = (0..<count).map { i in
            StoryScene(
                id: "id\(i)", title: string(&rng, maxPieces: 4), text: string(&rng, maxPieces: 8),
                isStart: Int.random(in: 0..<4, using: &rng) == 0, isEnd: Bool.random(using: &rng),
                position: Bool.random(using: &rng)
                    ? Position(x: Double(Int.random(in: -500...5000, using: &rng)) / 4, y: Double(Int.random(in: 0...5000, using: &rng)))
                    : nil)
        }
        var choices: [StoryChoice] = []
        if count > 0 {
            for _ in 0..<Int.random(in: 0...(count * 2), using: &rng) {
                choices.append(
                    StoryChoice(
                        from: "id\(Int.random(in: 0..<count, using: &rng))", to: "id\(Int.random(in: 0..<count, using: &rng))",
                        text: string(&rng, maxPieces: 3), order: Int.random(in: 0...3, using: &rng),
                        condition: Bool.random(using: &rng) ? .emptyObject : json(&rng),
                        effects: (0..<Int.random(in: 0...2, using: &rng)).map { _ in json(&rng) }))
            }
        }
        var variables: [String: JSONValue] = [:]
        for _ in 0..<Int.random(in: 0...2, using: &rng) { variables[string(&rng, maxPieces: 2)] = json(&rng) }
        return StoryGraph(
            title: string(&rng, maxPieces: 3), description: string(&rng, maxPieces: 3), ifid: TwineIFID.make(),
            variables: .object(variables), scenes: scenes, choices: choices)
    }

    @Test("export → import → export is stable, and the import keeps titles, texts and rules", arguments: [TwineFormat.twee, .json])
    func generated(format: TwineFormat) throws {
        for seed in UInt64(1)...300 {
            let original = Self.graph(seed: seed)
            let first = try TwineExport.export(original, as: format)
            let imported: StoryGraph
            do { imported = try TwineImport.read(Data(first.utf8), format: format) } catch {
                Issue.record("seed \(seed): \(error)\n\(first)")
                continue
            }
            let second = try TwineExport.export(imported, as: format)
            #expect(second == first, "seed \(seed)")
            #expect(imported.scenes.map(\.title) == original.scenes.map(\.title), "seed \(seed)")
            #expect(imported.scenes.map(\.text) == original.scenes.map(\.text), "seed \(seed)")
            #expect(imported.scenes.map(\.isEnd) == original.scenes.map(\.isEnd), "seed \(seed)")
            #expect(imported.scenes.map(\.position) == original.scenes.map(\.position), "seed \(seed)")
            #expect(imported.description == original.description, "seed \(seed)")
            #expect(imported.variables == original.variables, "seed \(seed)")
            for (scene, copy) in zip(original.scenes, imported.scenes) {
                let mine = original.choices(from: scene.id)
                let theirs = imported.choices(from: copy.id)
                #expect(mine.map(\.text) == theirs.map(\.text), "seed \(seed)")
                #expect(mine.map(\.condition) == theirs.map(\.condition), "seed \(seed)")
                #expect(mine.map(\.effects) == theirs.map(\.effects), "seed \(seed)")
            }
            if first != second || imported.scenes.map(\.text) != original.scenes.map(\.text) { break }
        }
    }

    /// Twine 2 HTML for the passages of a Twine 2 JSON export, escaped as Twine escapes it, with only
    /// what HTML carries (name, tags, position, text), and the same passages as JSON.
    static func htmlAndPlainJSON(of json: String) throws -> (html: String, json: String) {
        func escape(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
                .replacingOccurrences(of: "'", with: "&#39;")
        }
        let root = try JSONValue(parsing: json)
        guard case .array(let passages) = root["passages"] else { return ("", "") }
        var html = "<tw-storydata name=\"\(escape(root["name"]?.stringValue ?? ""))\" ifid=\"\(TwineFixtures.ifid)\">\n"
        var plain: [JSONValue] = []
        for (pid, passage) in passages.enumerated() {
            let name = passage["name"]?.stringValue ?? ""
            let tags = passage["tags"].map { value -> String in
                guard case .array(let list) = value else { return "" }
                return list.compactMap(\.stringValue).joined(separator: " ")
            } ?? ""
            let position = passage["metadata"]?["position"]?.stringValue
            html += "<tw-passagedata pid=\"\(pid + 1)\" name=\"\(escape(name))\" tags=\"\(escape(tags))\""
            if let position { html += " position=\"\(position)\" size=\"100,100\"" }
            html += ">\(escape(passage["text"]?.stringValue ?? ""))</tw-passagedata>\n"
            var object = passage.objectValue ?? [:]
            object["metadata"] = position.map { ["position": .string($0)] } ?? .emptyObject
            plain.append(.object(object))
        }
        html += "</tw-storydata>\n"
        let plainJSON: JSONValue = [
            "name": root["name"] ?? "", "ifid": .string(TwineFixtures.ifid), "passages": .array(plain),
        ]
        return (html, plainJSON.jsonString)
    }

    @Test("HTML with Twine's escaping reads exactly as the same passages in JSON")
    func htmlAgreesWithJSON() throws {
        for seed in UInt64(1)...300 {
            let json = try TwineExport.json(Self.graph(seed: seed))
            let (html, plain) = try Self.htmlAndPlainJSON(of: json)
            let fromHTML: StoryGraph
            let fromJSON: StoryGraph
            do {
                fromHTML = try TwineImport.read(html, format: .html)
                fromJSON = try TwineImport.read(plain, format: .json)
            } catch {
                Issue.record("seed \(seed): \(error)\n\(html)")
                continue
            }
            #expect(fromHTML == fromJSON, "seed \(seed)")
        }
    }
}
