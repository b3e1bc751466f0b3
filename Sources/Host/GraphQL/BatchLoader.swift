/// Loads values by key for one request, DataLoader style: keys asked for (or announced with
/// ``prime(_:)``) before a fetch runs are fetched together in one store call, and every value is
/// cached for the rest of the request. Resolvers that produce a list announce the keys their
/// children will need, so a nested query costs a constant number of store calls however long
/// the lists are, whichever order the executor resolves fields in.
actor BatchLoader<Key: Hashable & Sendable, Value: Sendable> {
    typealias Fetch = @Sendable ([Key]) async throws -> [Key: Value]

    private let fetch: Fetch
    private var cache: [Key: Value?] = [:]
    private var pending: Set<Key> = []
    private var inflight: [Key: Task<[Key: Value], any Error>] = [:]

    init(fetch: @escaping Fetch) {
        self.fetch = fetch
    }

    /// Announces keys that will be loaded, so that they join the next fetch.
    func prime(_ keys: some Sequence<Key>) {
        for key in keys where cache[key] == nil && inflight[key] == nil {
            pending.insert(key)
        }
    }

    /// Records values already loaded by another query.
    func store(_ values: [Key: Value]) {
        for (key, value) in values {
            cache[key] = .some(value)
            pending.remove(key)
        }
    }

    /// The value for `key`, `nil` when the store has none.
    func load(_ key: Key) async throws -> Value? {
        if let hit = cache[key] { return hit }
        if let task = inflight[key] { return try await task.value[key] }
        pending.insert(key)
        // Let sibling resolvers running concurrently add their keys to this batch.
        await Task.yield()
        if let hit = cache[key] { return hit }
        if let task = inflight[key] { return try await task.value[key] }
        let batch = Array(pending)
        pending.removeAll()
        let fetch = self.fetch
        let task = Task { try await fetch(batch) }
        for k in batch { inflight[k] = task }
        do {
            let result = try await task.value
            for k in batch {
                cache[k] = .some(result[k])
                inflight[k] = nil
            }
            return result[key]
        } catch {
            for k in batch { inflight[k] = nil }
            throw error
        }
    }

    /// The values for `keys` that exist, in the order of `keys`.
    func loadMany(_ keys: [Key]) async throws -> [Value] {
        prime(keys)
        var values: [Value] = []
        for key in keys {
            if let value = try await load(key) { values.append(value) }
        }
        return values
    }
}
