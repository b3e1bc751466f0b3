import Protocols

/// Every entity `migrate-data` copies, as read from one store through the ports' listings.
struct StoreSnapshot: Sendable {
    var users: [User] = []
    var scenarios: [Scenario] = []
    var assets: [Asset] = []
    var scenes: [Scene] = []
    var choices: [Choice] = []
    var progress: [PlayerProgress] = []

    /// Reads the whole store.
    static func read(_ store: any StoryStore) async throws -> StoreSnapshot {
        var snapshot = StoreSnapshot()
        snapshot.users = try await store.allUsers()
        snapshot.scenarios = try await store.scenarios(.all)
        snapshot.assets = try await store.assets(AssetFilter())
        snapshot.scenes = try await store.scenes(scenarioIds: snapshot.scenarios.map(\.id))
        snapshot.choices = try await store.choices(fromSceneIds: snapshot.scenes.map(\.id))
        snapshot.progress = try await store.progress(.all)
        return snapshot
    }

    /// The entities of `store` with the ids of this snapshot's (those it lacks are absent).
    func counterparts(in store: any StoryStore) async throws -> StoreSnapshot {
        var found = StoreSnapshot()
        found.users = try await Self.chunked(users.map(\.id)) { try await store.users(ids: $0) }
        found.scenarios = try await Self.chunked(scenarios.map(\.id)) { try await store.scenarios(ids: $0) }
        found.assets = try await Self.chunked(assets.map(\.id)) { try await store.assets(ids: $0) }
        found.scenes = try await Self.chunked(scenes.map(\.id)) { try await store.scenes(ids: $0) }
        found.choices = try await Self.chunked(choices.map(\.id)) { try await store.choices(ids: $0) }
        found.progress = try await Self.chunked(progress.map(\.id)) { try await store.progress(ids: $0) }
        return found
    }

    var count: Int { users.count + scenarios.count + assets.count + scenes.count + choices.count + progress.count }

    /// Reads by ids in batches of 500, so that no query carries an unbounded list.
    private static func chunked<T>(_ ids: [ObjectId], _ read: ([ObjectId]) async throws -> [T]) async throws -> [T] {
        var out: [T] = []
        var start = 0
        while start < ids.count {
            let end = min(ids.count, start + 500)
            out += try await read(Array(ids[start..<end]))
            start = end
        }
        return out
    }
}

extension Array where Element: Identifiable, Element.ID == ObjectId {
    /// The elements by id.
    var byId: [ObjectId: Element] { Dictionary(map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }) }
}
