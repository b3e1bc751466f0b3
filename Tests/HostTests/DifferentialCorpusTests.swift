import Foundation
import GraphQL
import Protocols
import Testing

@testable import Host

/// A generated corpus of queries, each run on both the compiled path and the general executor
/// (the test server runs with `GRAPHQL_DIFFERENTIAL=true`): a request whose two answers differ in
/// a byte is answered `Differential check failed: …`. The rest of the suite does the same for every
/// query it sends; this adds what hand-written tests do not think of: aliases, merged fields,
/// fragments inline and named, `@skip`/`@include` from variables, `__typename`, and errors that
/// null a nullable parent (an asset whose uploader is gone) or answer `null` (a scene's music that is gone).
@Suite("Differential corpus")
struct DifferentialCorpusTests {
    static let schema = try! APISchema.make().schema
    static let fields = APISchema.compiledFields()

    /// A deterministic generator (SplitMix64), so that a failing seed can be replayed.
    struct Random: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }
    }

    /// Writes random queries over the compiled types.
    struct QueryWriter {
        var random: Random
        var fragments: [String] = []
        var aliases = 0

        mutating func selection(on typeName: String, depth: Int) -> String {
            let type = DifferentialCorpusTests.schema.getType(name: typeName) as! GraphQLObjectType
            let all = (try! type.fields()).filter { DifferentialCorpusTests.fields.field($0.key, of: typeName) != nil }
            var parts: [String] = []
            let count = Int.random(in: 1...min(6, all.count), using: &random)
            for (name, definition) in all.shuffled(using: &random).prefix(count) {
                let named = getNamedType(type: definition.type)
                var head = name
                if random.chance(0.2) { aliases += 1; head = "a\(aliases): " + head }
                var subselection = ""
                if named is GraphQLObjectType {
                    guard depth < 3 else { continue }
                    subselection = " { " + selection(on: named!.name, depth: depth + 1) + " }"
                }
                let directive = random.chance(0.15) ? (random.chance(0.5) ? " @skip(if: $flag)" : " @include(if: $flag)") : ""
                parts.append(head + directive + subselection)
                // The same key again: its selections merge with the first's.
                if random.chance(0.1) {
                    parts.append(head + (named is GraphQLObjectType ? " { " + selection(on: named!.name, depth: 3) + " }" : ""))
                }
            }
            if random.chance(0.3) { parts.append("__typename") }
            if typeName != "PositionType", random.chance(0.2) { parts.append("... on Node { id }") }
            if random.chance(0.2), let first = parts.first { parts.append("... on \(typeName) { \(first) }") }
            if random.chance(0.15), let last = parts.last { parts.append("... @include(if: $flag) { \(last) }") }
            if random.chance(0.2), let first = parts.first {
                let name = "F\(fragments.count)"
                fragments.append("fragment \(name) on \(typeName) { \(first) }")
                parts.append("...\(name)")
            }
            return parts.isEmpty ? "__typename" : parts.joined(separator: " ")
        }

        mutating func query() -> String {
            fragments = []
            let roots = [
                ("scenarioById(scenarioId: $scenario)", "ScenarioType"), ("sceneById(sceneId: $scene)", "SceneType"),
                ("allScenarios", "ScenarioType"), ("choicesByScene(sceneId: $scene)", "ChoiceType"), ("me", "UserType"),
                ("assetById(assetId: $asset)", "AssetType"), ("scenesByScenario(scenarioId: $scenario)", "SceneType"),
            ]
            var parts: [String] = []
            for (field, type) in roots.shuffled(using: &random).prefix(Int.random(in: 1...3, using: &random)) {
                aliases += 1
                parts.append("r\(aliases): \(field) { \(selection(on: type, depth: 0)) }")
            }
            let selections = ([parts.joined(separator: " ")] + fragments).joined(separator: "\n")
            let declared = [("scenario", "ID!"), ("scene", "ID!"), ("asset", "ID!"), ("flag", "Boolean!")]
                .filter { selections.contains("$" + $0.0) }.map { "$\($0.0): \($0.1)" }
            let head = declared.isEmpty ? "query" : "query(\(declared.joined(separator: ", ")))"
            let body = "\(head) { \(parts.joined(separator: " ")) }"
            return ([body] + fragments).joined(separator: "\n")
        }
    }

    @Test("300 generated queries, each with its flag true and false, answer the same bytes on both paths, most of them compiled")
    func corpus() async throws {
        try await TestServer.with(["GENERATION_WORKERS": "0", "MAX_QUERY_COST": "100000000", "MAX_QUERY_NODES": "10000000"]) { api in
            let admin = try await api.admin()
            let author = try #require(ObjectId(admin.id))
            let scenario = try #require(ObjectId(try await api.createScenario(token: admin.token)))
            let image = Asset(type: .image, name: "cave", filename: "cave.png", url: "/media/cave.png", fileSize: 1234,
                              mimeType: "image/png", metadata: ["width": 640, "height": 480], uploadedBy: author)
            let orphan = Asset(type: .sound, name: "wind \"howl\"/1", metadata: ["duration": 12.5], uploadedBy: ObjectId())
            try await api.store.insertAsset(image)
            try await api.store.insertAsset(orphan)
            var scenes: [Scene] = []
            for i in 0..<4 {
                let scene = Scene(scenarioId: scenario, title: "Scene \(i) \u{1}é", text: "Line\none", order: i,
                                  imageId: i == 0 ? image.id : nil, soundId: i == 1 ? orphan.id : nil, musicId: i == 2 ? ObjectId() : nil,
                                  isStartScene: i == 0, isEndScene: i == 3, position: i % 2 == 0 ? Position(x: Double(i) * 1.5, y: -2) : nil)
                try await api.store.insertScene(scene)
                scenes.append(scene)
            }
            for (i, scene) in scenes.enumerated() {
                try await api.store.insertChoice(Choice(fromSceneId: scene.id, toSceneId: scenes[(i + 1) % 4].id, text: "on", order: 1))
                try await api.store.insertChoice(Choice(fromSceneId: scene.id, toSceneId: scenes[(i + 2) % 4].id, text: "locked",
                                                        condition: ["==": [["var": "key"], true]], order: 2))
            }
            var writer = QueryWriter(random: Random(state: 2026_12_02))
            var compiled = 0
            for index in 0..<300 {
                let query = writer.query()
                let flag = index % 2 == 0
                let variables: [String: JSONValue] = [
                    "scenario": .string(scenario.hexString), "scene": .string(scenes[index % 4].id.hexString),
                    "asset": .string((index % 3 == 0 ? orphan : image).id.hexString), "flag": .bool(flag),
                ]
                let planner = QueryPlanner(schema: Self.schema, fields: Self.fields)
                let mapped: [String: Map] = ["scenario": .string(scenario.hexString), "scene": .string(scenes[index % 4].id.hexString),
                                             "asset": .string(image.id.hexString), "flag": .bool(flag)]
                if planner.plan(try parse(source: Source(body: query)), operationName: nil, variables: mapped) != nil { compiled += 1 }
                // Twice, the flag flipped the second time: the plan cached for the first must not answer it.
                for flip in [false, true] {
                    var sent = variables
                    if flip { sent["flag"] = .bool(!flag) }
                    let r = try await api.graphql(query, sent, token: index % 5 == 0 ? nil : admin.token)
                    #expect(!r.errors.contains { $0.hasPrefix("Differential check failed") }, "query \(index): \(query)\n\(r.errors)")
                    #expect(r["data"] != nil, "query \(index): \(query)\n\(r)")
                }
            }
            #expect(compiled >= 290, "\(compiled) of 300 compiled")
        }
    }
}
