import Synchronization

/// Loads values by key for one request, DataLoader style: keys asked for (or announced with
/// ``prime(_:)``) before a fetch runs are fetched together in one store call, and every value is
/// cached for the rest of the request. Resolvers that produce a list announce the keys their
/// children will need, so a nested query costs a constant number of store calls however long
/// the lists are, whichever order the executor resolves fields in.
///
/// A lock, not an actor: a value already loaded (most loads of a large query) is answered
/// without suspending, where an actor would cost two executor hops a field.
final class BatchLoader<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    typealias Fetch = @Sendable ([Key]) async throws -> [Key: Value]
    private typealias Batch = Task<[Key: Value], any Error>

    private struct State {
        var cache: [Key: Value?] = [:]
        var pending: Set<Key> = []
        var inflight: [Key: Batch] = [:]
    }

    private let fetch: Fetch
    /// What it loads (`scenes`), naming its spans.
    private let name: String
    private let state = Mutex(State())

    init(_ name: String, fetch: @escaping Fetch) {
        self.name = name
        self.fetch = fetch
    }

    /// Records values already loaded by another query, each under `key(value)`.
    func store(_ values: some Sequence<Value>, key: (Value) -> Key) {
        state.withLock { state in
            state.cache.reserveCapacity(state.cache.count + values.underestimatedCount)
            for value in values {
                let k = key(value)
                state.cache[k] = .some(value)
                if !state.pending.isEmpty { state.pending.remove(k) }
            }
        }
    }

    /// Announces keys that will be loaded, so that they join the next fetch.
    func prime(_ keys: some Sequence<Key>) {
        state.withLock { state in
            // Most keys are cached already, and nothing is in flight while the compiled path runs:
            // each look-up skipped is a hash of the key skipped.
            let anyInflight = !state.inflight.isEmpty
            for key in keys where state.cache[key] == nil && !(anyInflight && state.inflight[key] != nil) {
                state.pending.insert(key)
            }
        }
    }

    /// Records values already loaded by another query.
    func store(_ values: [Key: Value]) {
        state.withLock { state in
            for (key, value) in values {
                state.cache[key] = .some(value)
                state.pending.remove(key)
            }
        }
    }

    private enum Lookup {
        case hit(Value?)
        case wait(Batch)
        /// This call fetches the batch (and then caches it).
        case fetch(Batch, [Key])
        case miss
    }

    /// The value for `key`, `nil` when the store has none.
    func load(_ key: Key) async throws -> Value? {
        let first: Lookup = state.withLock { state in
            if let hit = state.cache[key] { return .hit(hit) }
            if !state.inflight.isEmpty, let batch = state.inflight[key] { return .wait(batch) }
            state.pending.insert(key)
            return .miss
        }
        switch first {
        case .hit(let value): return value
        case .wait(let batch): return try await batch.value[key]
        case .miss, .fetch: break
        }
        let fetch = self.fetch
        let name = self.name
        if LoaderRun.inOrder {
            return try await fetchNow(key, fetch: fetch, name: name)
        }
        // Let sibling resolvers running concurrently add their keys to this batch.
        await Task.yield()
        let second: Lookup = state.withLock { state in
            if let hit = state.cache[key] { return .hit(hit) }
            if let batch = state.inflight[key] { return .wait(batch) }
            let keys = Array(state.pending)
            state.pending.removeAll()
            let batch = Task {
                try await Traces.span("load \(name)", attributes: { $0["loader.batch.size"] = keys.count }) { try await fetch(keys) }
            }
            for k in keys { state.inflight[k] = batch }
            return .fetch(batch, keys)
        }
        switch second {
        case .hit(let value): return value
        case .wait(let batch): return try await batch.value[key]
        case .miss: return nil
        case .fetch(let batch, let keys):
            do {
                let result = try await batch.value
                state.withLock { state in
                    for k in keys {
                        state.cache[k] = .some(result[k])
                        state.inflight[k] = nil
                    }
                }
                return result[key]
            } catch {
                state.withLock { state in
                    for k in keys { state.inflight[k] = nil }
                }
                throw error
            }
        }
    }

    /// In order (``LoaderRun/inOrder``): the batch of `key` and the keys pending, fetched in the
    /// caller's task. No sibling can join it by waiting, so the yield and the batch's own task
    /// would cost a miss two more trips through the executor and buy nothing.
    private func fetchNow(_ key: Key, fetch: Fetch, name: String) async throws -> Value? {
        let keys: [Key] = state.withLock { state in
            // Pending already, unless a concurrent load (another task's) took it into its batch.
            state.pending.insert(key)
            let keys = Array(state.pending)
            state.pending.removeAll()
            return keys
        }
        let result = try await Traces.span("load \(name)", attributes: { $0["loader.batch.size"] = keys.count }) { try await fetch(keys) }
        state.withLock { state in
            for k in keys { state.cache[k] = .some(result[k]) }
        }
        return result[key]
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

/// How the loaders of the running task are used.
enum LoaderRun {
    /// Whether fields resolve one after another (a compiled plan runs): a load that misses then
    /// fetches at once, in the loading task, with the keys announced so far, instead of yielding
    /// for concurrent siblings that cannot exist.
    @TaskLocal static var inOrder = false
}
