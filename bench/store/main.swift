// Store-call benchmark: the SQLite store's reads that a request makes (the viewer, a scenario by id,
// its scenes, their choices), each called many times in a row in one process, in µs of CPU a call.
// Run: swift run -c release StoreBench [iterations]
// It prices one store call apart from HTTP and GraphQL (bench/run.sh measures whole requests).
import Foundation
import Protocols
import SQLiteStore

let iterations = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 20_000 : 20_000
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-bench-\(ProcessInfo.processInfo.processIdentifier)")
defer { try? FileManager.default.removeItem(at: directory) }
let store = try SQLiteStore(path: directory.appendingPathComponent("bench.sqlite").path)

let user = User(email: "bench@example.com", passwordHash: "x", role: .admin)
try await store.insertUser(user)
let scenario = Scenario(title: "Bench", authorId: user.id)
try await store.insertScenario(scenario)
var scenes: [Scene] = []
for i in 0..<10 {
    let scene = Scene(scenarioId: scenario.id, title: "Scene \(i)", order: i)
    try await store.insertScene(scene)
    scenes.append(scene)
}
for (i, scene) in scenes.enumerated() {
    for j in 1...2 {
        try await store.insertChoice(Choice(fromSceneId: scene.id, toSceneId: scenes[(i + j) % scenes.count].id, text: "Go", order: j))
    }
}

func cpuMicroseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e6 + Double(time.tv_nsec) / 1e3
}

@concurrent func measure(_ name: String, _ call: () async throws -> Int) async throws {
    for _ in 0..<500 { _ = try await call() }
    let start = cpuMicroseconds()
    let wall = ContinuousClock.now
    var rows = 0
    for _ in 0..<iterations { rows += try await call() }
    let cpu = (cpuMicroseconds() - start) / Double(iterations)
    let elapsed = ContinuousClock.now - wall
    let wallMicros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
    print("| \(name) | \(rows / iterations) | \(String(format: "%.1f", cpu)) | \(String(format: "%.1f", wallMicros / Double(iterations))) |")
}

/// The same call from two tasks at once (the server's two request threads reading together), each
/// making `iterations` calls: CPU and wall time per call, over both tasks' calls.
@concurrent func measureConcurrently(_ name: String, _ call: @escaping @Sendable () async throws -> Int) async throws {
    for _ in 0..<500 { _ = try await call() }
    let start = cpuMicroseconds()
    let wall = ContinuousClock.now
    let rows = try await withThrowingTaskGroup(of: Int.self) { group in
        for _ in 0..<2 {
            group.addTask { var rows = 0; for _ in 0..<iterations { rows += try await call() }; return rows }
        }
        return try await group.reduce(0, +)
    }
    let calls = 2 * iterations
    let cpu = (cpuMicroseconds() - start) / Double(calls)
    let elapsed = ContinuousClock.now - wall
    let wallMicros = Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12
    print("| \(name), two tasks at once | \(rows / calls) | \(String(format: "%.1f", cpu)) | \(String(format: "%.1f", wallMicros / Double(calls))) |")
}

/// Off the main actor, as the server calls its store (from the global executor): calling the store from
/// the main actor would add two executor hops a call, and price those instead.
@concurrent func run(_ store: SQLiteStore, user: User, scenario: Scenario, sceneIds: [ObjectId]) async throws {
    print("\(iterations) calls each, in a row, in one task.\n")
    print("| call | rows | CPU µs a call | wall µs a call |")
    print("|---|---|---|---|")
    try await measure("`users(ids:)`, the viewer") { try await store.users(ids: [user.id]).count }
    try await measure("`scenarios(ids:)`, an id that is not there") { try await store.scenarios(ids: [ObjectId()]).count }
    try await measure("`scenarios(ids:)`") { try await store.scenarios(ids: [scenario.id]).count }
    try await measure("`scenes(scenarioIds:)`, 10 scenes") { try await store.scenes(scenarioIds: [scenario.id]).count }
    try await measure("`choices(fromSceneIds:)`, 20 choices") { try await store.choices(fromSceneIds: sceneIds).count }
    try await measure("`scenes(scenarioIds:)` then `choices(fromSceneIds:)`, two calls") {
        let scenes = try await store.scenes(scenarioIds: [scenario.id])
        return try await scenes.count + store.choices(fromSceneIds: scenes.map(\.id)).count
    }
    try await measure("`sceneGraph(scenarioIds:)`, the same rows in one call") {
        let graph = try await store.sceneGraph(scenarioIds: [scenario.id])
        return graph.scenes.count + graph.choices.count
    }
    try await measure("`ping()` (`SELECT 1`)") { try await store.ping(); return 0 }
    try await measureConcurrently("`users(ids:)`, the viewer") { try await store.users(ids: [user.id]).count }
    try await measureConcurrently("`scenes(scenarioIds:)`, 10 scenes") { try await store.scenes(scenarioIds: [scenario.id]).count }
    try await measureConcurrently("`choices(fromSceneIds:)`, 20 choices") { try await store.choices(fromSceneIds: sceneIds).count }
}

try await run(store, user: user, scenario: scenario, sceneIds: scenes.map(\.id))
