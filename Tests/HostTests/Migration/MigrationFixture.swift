import Foundation
import Protocols

@testable import Host

/// A small world of stories in a store and its file storage, written through the ports as the server
/// writes it: an author with a token version of 3, a player, a published three-scene scenario with
/// choices (one conditional), an image and a sound whose bytes are in the storage, an external image,
/// and the player's progress with a history of two steps.
struct MigrationFixture {
    static let authorPassword = "author-password-1"
    static let playerPassword = "player-password-1"

    var author: User
    var player: User
    var scenario: Scenario
    var scenes: [Scene]
    var choices: [Choice]
    var assets: [Asset]
    var progress: PlayerProgress
    /// The bytes of each asset with a file, by asset id.
    var files: [ObjectId: [UInt8]]

    /// Entities written: 2 users, 1 scenario, 3 assets, 3 scenes, 2 choices, 1 progress record.
    static let entityCount = 12

    static func seed(store: any StoryStore, storage: any FileStorage) async throws -> MigrationFixture {
        let hasher = PasswordHasher(cost: 4)
        let t = Date(timeIntervalSince1970: 1_750_000_000.123)
        let author = User(
            email: "author@example.com", passwordHash: try await hasher.hash(authorPassword), role: .admin,
            firstName: "Ada", lastName: "Lovelace", createdAt: t, tokenVersion: 3)
        let player = User(email: "player@example.com", passwordHash: try await hasher.hash(playerPassword), role: .player, createdAt: t)
        try await store.insertUser(author)
        try await store.insertUser(player)
        let scenario = Scenario(title: "The Cave", description: "A dark cave.", authorId: author.id, isPublished: true, createdAt: t)
        try await store.insertScenario(scenario)

        var files: [ObjectId: [UInt8]] = [:]
        var assets: [Asset] = []
        for (kind, mime, ext, isPublic) in [(AssetKind.image, "image/png", "png", true), (.sound, "audio/mpeg", "mp3", true)] {
            let bytes = (0..<(kind == .image ? 70_000 : 12_345)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ ext.count) }
            let stored = try await storage.store(FileToStore(
                body: .bytes(bytes), kind: kind, fileName: "\(UUID().uuidString.lowercased()).\(ext)", contentType: mime, isPublic: isPublic))
            var asset = Asset(
                type: kind, name: "\(kind.rawValue) of the cave", filename: String(stored.key.split(separator: "/").last!),
                url: stored.url, fileSize: bytes.count, mimeType: mime, metadata: ["width": 640, "ratio": 1.5],
                uploadedBy: author.id, isPublic: isPublic, createdAt: t)
            asset.migrationStorageKey = stored.key
            try await store.insertAsset(asset)
            files[asset.id] = bytes
            assets.append(asset)
        }
        let external = Asset(type: .image, name: "external", url: "https://images.example/cave.jpg", mimeType: "image/jpeg", uploadedBy: author.id, createdAt: t)
        try await store.insertAsset(external)
        assets.append(external)

        let start = Scene(
            scenarioId: scenario.id, title: "Entrance", text: "You stand at the mouth of a cave.", order: 0,
            imageId: assets[0].id, soundId: assets[1].id, isStartScene: true, position: Position(x: 10, y: 20.5), createdAt: t)
        let hall = Scene(scenarioId: scenario.id, title: "Hall", text: "A hall of echoes.", order: 1, imageId: external.id, createdAt: t)
        let end = Scene(scenarioId: scenario.id, title: "Daylight", text: "You are out.", order: 2, isEndScene: true, createdAt: t)
        for scene in [start, hall, end] { try await store.insertScene(scene) }
        let choices = [
            Choice(fromSceneId: start.id, toSceneId: hall.id, text: "Go in", order: 0, createdAt: t),
            Choice(fromSceneId: hall.id, toSceneId: end.id, text: "Use the key", condition: ["var": "key"], order: 0, createdAt: t),
        ]
        for choice in choices { try await store.insertChoice(choice) }
        let progress = PlayerProgress(
            userId: player.id, scenarioId: scenario.id, currentSceneId: hall.id,
            history: [
                HistoryEntry(sceneId: start.id, timestamp: t),
                HistoryEntry(sceneId: hall.id, choiceId: choices[0].id, timestamp: t.addingTimeInterval(5), metadata: ["mood": "brave"]),
            ],
            totalTimeSpent: 42, createdAt: t)
        try await store.insertProgress(progress)
        return MigrationFixture(
            author: author, player: player, scenario: scenario, scenes: [start, hall, end], choices: choices,
            assets: assets, progress: progress, files: files)
    }
}

/// A temporary folder, removed by ``remove()``.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("story-migrate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A migration observer that cancels the running task after `limit` entities were written: an
/// interrupted run, as Ctrl-C or a lost connection leaves it.
struct InterruptingObserver: MigrationObserver {
    let limit: Int
    let written = Counter()

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func increment() -> Int {
            lock.lock()
            defer { lock.unlock() }
            value += 1
            return value
        }
    }

    func started(_ step: String, total: Int) {}
    func finished(_ step: String, total: Int) {}
    func advanced(_ step: String, done: Int, total: Int) {
        guard step.hasPrefix("copying") else { return }
        if written.increment() >= limit { withUnsafeCurrentTask { $0?.cancel() } }
    }
}
