import Foundation
import Protocols
import Testing

@testable import Host

@Suite("Batched loading")
struct BatchingTests {
    /// Queries issued for a story of `sceneCount` scenes, each with a choice, an image, a sound and music.
    /// - Parameter compiled: whether the compiled query path runs it (alone: the differential check
    ///   would run it twice) or the general executor.
    func queries(forScenes sceneCount: Int, compiled: Bool) async throws -> Int {
        let counted = CountBox()
        // No background workers: their polling would be counted too.
        let env = ["GENERATION_WORKERS": "0", "GRAPHQL_DIFFERENTIAL": "false", "GRAPHQL_COMPILED": "\(compiled)"]
        try await TestServer.with(env) { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let authorId = try #require(ObjectId(admin.id))
            let scenarioId = try #require(ObjectId(scenario))
            var scenes: [Scene] = []
            for i in 0..<sceneCount {
                var assets: [ObjectId] = []
                for kind in [AssetKind.image, .sound, .sound] {
                    let asset = Asset(type: kind, name: "a\(i)", uploadedBy: authorId)
                    try await api.store.insertAsset(asset)
                    assets.append(asset.id)
                }
                let scene = Scene(scenarioId: scenarioId, title: "S\(i)", order: i, imageId: assets[0], soundId: assets[1], musicId: assets[2])
                try await api.store.insertScene(scene)
                scenes.append(scene)
            }
            for (i, scene) in scenes.enumerated() {
                try await api.store.insertChoice(Choice(fromSceneId: scene.id, toSceneId: scenes[(i + 1) % sceneCount].id, text: "next"))
            }
            api.server.statements.reset()
            let r = try await api.graphql(
                "query($id: ID!) { scenarioById(scenarioId: $id) { scenesList { imageId { name } soundId { name } musicId { name } choices { toSceneId { title } } } } }",
                ["id": .string(scenario)], token: admin.token)
            #expect(r.errors.isEmpty, "\(r)")
            #expect(r.count("data.scenarioById.scenesList") == sceneCount)
            counted.value = api.server.statements.selects
        }
        return counted.value
    }

    @Test("a story's scenes, their media and choices cost the same number of queries for 5 and 50 scenes",
          arguments: [true, false])
    func constantQueries(compiled: Bool) async throws {
        let five = try await queries(forScenes: 5, compiled: compiled)
        let fifty = try await queries(forScenes: 50, compiled: compiled)
        #expect(five == fifty, "5 scenes: \(five) queries, 50 scenes: \(fifty) queries")
        #expect(five <= 8, "\(five) queries")
    }
}

@Suite("Scenes read with their choices")
struct SceneGraphLoadingTests {
    /// The answer to a query listing a story's scenes with their choices, and how many
    /// `sceneGraph(scenarioIds:)` store calls the server counted meanwhile (`/metrics`).
    func answer(compiled: Bool) async throws -> (data: String, sceneGraphCalls: Int) {
        let data = TextBox()
        let calls = CountBox()
        let env = ["GENERATION_WORKERS": "0", "GRAPHQL_DIFFERENTIAL": "false", "GRAPHQL_COMPILED": "\(compiled)"]
        try await TestServer.with(env) { api in
            let admin = try await api.admin()
            let scenarioId = try #require(ObjectId(try await api.createScenario(token: admin.token)))
            let scenes = (0..<3).map { Scene(scenarioId: scenarioId, title: "S\($0)", order: $0) }
            for scene in scenes { try await api.store.insertScene(scene) }
            for (from, to, order) in [(0, 1, 1), (0, 2, 0), (1, 2, 0)] {
                try await api.store.insertChoice(Choice(fromSceneId: scenes[from].id, toSceneId: scenes[to].id, text: "\(from)→\(to)", order: order))
            }
            let before = try await Self.sceneGraphCalls(api)
            let r = try await api.graphql(
                "query($id: ID!) { scenarioById(scenarioId: $id) { scenesList { title choices { text toSceneId { title } } } } }",
                ["id": .string(scenarioId.hexString)], token: admin.token)
            #expect(r.errors.isEmpty, "\(r)")
            data.value = r["data"]?.jsonString ?? ""
            calls.value = try await Self.sceneGraphCalls(api) - before
        }
        return (data.value, calls.value)
    }

    static func sceneGraphCalls(_ api: TestAPI) async throws -> Int {
        let text = String(decoding: try await api.fetch("/metrics").body, as: UTF8.self)
        let line = text.split(separator: "\n").first {
            $0.hasPrefix("store_call_duration_seconds_count") && $0.contains(#"operation="sceneGraph(scenarioIds:)""#)
        }
        return line.flatMap { $0.split(separator: " ").last }.flatMap { Int(Double($0) ?? 0) } ?? 0
    }

    @Test("on the compiled path, a scenario's scenes and the choices leaving them come from one store call, answered as the general executor answers them")
    func oneCall() async throws {
        let compiled = try await answer(compiled: true)
        let general = try await answer(compiled: false)
        #expect(compiled.sceneGraphCalls >= 1, "sceneGraph(scenarioIds:) was not called")
        #expect(compiled.data == general.data)
        #expect(compiled.data.contains(#"{"choices":[{"text":"0→2","toSceneId":{"title":"S2"}},{"text":"0→1","toSceneId":{"title":"S1"}}],"title":"S0"}"#), "\(compiled.data)")
        #expect(compiled.data.contains(#"{"choices":[],"title":"S2"}"#), "\(compiled.data)")
    }
}

final class CountBox: @unchecked Sendable {
    var value = 0
}

final class TextBox: @unchecked Sendable {
    var value = ""
}

@Suite("A batch loader's fetches")
struct BatchLoaderFetchTests {
    final class Fetches: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [[Int]] = []
        func record(_ keys: [Int]) { lock.withLock { batches.append(keys.sorted()) } }
        var all: [[Int]] { lock.withLock { batches } }
    }

    static func loader(_ fetches: Fetches) -> BatchLoader<Int, String> {
        BatchLoader("numbers") { keys in
            fetches.record(keys)
            return Dictionary(uniqueKeysWithValues: keys.filter { $0 != 0 }.map { ($0, "n\($0)") })
        }
    }

    @Test("in order, a miss fetches the keys announced so far in one batch, and later loads hit the cache")
    func inOrderFetchesAnnouncedKeys() async throws {
        let fetches = Fetches()
        let loader = Self.loader(fetches)
        loader.prime([1, 2, 3])
        let values = try await LoaderRun.$inOrder.withValue(true) {
            [try await loader.load(2), try await loader.load(1), try await loader.load(3), try await loader.load(0)]
        }
        #expect(values == ["n2", "n1", "n3", nil])
        #expect(fetches.all == [[1, 2, 3], [0]])
        // A key the store has not is cached as missing: asking again fetches nothing.
        #expect(try await LoaderRun.$inOrder.withValue(true) { try await loader.load(0) } == nil)
        #expect(fetches.all.count == 2)
    }

    @Test("in order, the fetch runs in the loading task (no task of its own): it sees that task's cancellation")
    func inOrderFetchRunsInTheCaller() async throws {
        let sawCancellation = CountBox()
        let loader = BatchLoader<Int, String>("numbers") { keys in
            if Task.isCancelled { sawCancellation.value += 1 }
            return [:]
        }
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return try await LoaderRun.$inOrder.withValue(true) { try await loader.load(1) }
        }
        _ = try await task.value
        #expect(sawCancellation.value == 1)
    }

    @Test("not in order, concurrent loads fetch each key once")
    func concurrentLoadsBatch() async throws {
        let fetches = Fetches()
        let loader = Self.loader(fetches)
        let values = try await withThrowingTaskGroup(of: String?.self) { group in
            for key in 1...5 { group.addTask { try await loader.load(key) } }
            var values: [String?] = []
            for try await value in group { values.append(value) }
            return values
        }
        #expect(Set(values.compactMap { $0 }) == ["n1", "n2", "n3", "n4", "n5"])
        #expect(fetches.all.flatMap { $0 }.sorted() == [1, 2, 3, 4, 5])
    }
}
