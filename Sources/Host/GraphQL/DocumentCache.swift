import GraphQL
import Synchronization

/// Documents that passed parsing and validation, by their text: a least-recently-used cache bounded
/// in entries and in the bytes of their texts (`DOCUMENT_CACHE_ENTRIES`; 0 turns it off).
///
/// Clients send the same few operations again and again; parsing and validating each costs more
/// than executing a small one. What depends on the request (its variables, hence the cost budget
/// of `first: $n`) is still checked on every request; only what depends on the text alone is kept.
typealias DocumentCache = TextKeyedCache<CachedDocument>

/// A document that passed parsing and validation.
struct CachedDocument: Sendable {
    let document: Document
    /// Its measure against the budget when no variable's value goes into it (``QueryCost``);
    /// `nil`: measured again with each request's variables.
    let measure: QueryMeasure?
}

/// Values computed from a text (a document, a query plan, a checked token), least recently used
/// first out, bounded in entries and in the bytes of their keys.
///
/// A hit costs one hash look-up: it stamps the entry with a use counter, rather than moving it to
/// the end of an ordered dictionary (which shifts every later entry: up to the 1,024 kept, on most
/// hits of a server with many clients). Eviction looks for the oldest stamp, and runs only when an
/// insertion goes over a bound, after a miss that parsed, validated or verified something.
final class TextKeyedCache<Value: Sendable>: Sendable {
    let maxEntries: Int
    let maxBytes: Int

    private struct Entry {
        var value: Value
        var lastUse: UInt64
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var uses: UInt64 = 0
        var bytes = 0
    }

    private let state = Mutex(State())

    init(maxEntries: Int, maxBytes: Int = 16 * 1_048_576) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
    }

    /// The value kept for `text`, made the most recently used; `nil` when not cached.
    func document(for text: String) -> Value? { value(for: text) }

    /// The value kept for `text`, made the most recently used; `nil` when not cached.
    func value(for text: String) -> Value? {
        guard maxEntries > 0 else { return nil }
        return state.withLock { state in
            state.uses += 1
            let use = state.uses
            guard let index = state.entries.index(forKey: text) else { return nil }
            state.entries.values[index].lastUse = use
            return state.entries.values[index].value
        }
    }

    /// Keeps `value` for `text`, evicting the least recently used beyond the bounds.
    func insert(_ value: Value, for text: String) {
        guard maxEntries > 0, text.utf8.count <= maxBytes / 4 else { return }
        state.withLock { state in
            guard state.entries[text] == nil else { return }
            state.uses += 1
            state.entries[text] = Entry(value: value, lastUse: state.uses)
            state.bytes += text.utf8.count
            func over() -> Bool { state.entries.count > maxEntries || state.bytes > maxBytes }
            func evict(_ key: String) {
                state.entries[key] = nil
                state.bytes -= key.utf8.count
            }
            let older: (Dictionary<String, Entry>.Element, Dictionary<String, Entry>.Element) -> Bool = { $0.value.lastUse < $1.value.lastUse }
            guard over() else { return }
            // Most insertions into a full cache evict one entry: the oldest, found in one pass. A
            // long text may need several gone: then they leave oldest first, sorted once.
            if let oldest = state.entries.min(by: older)?.key { evict(oldest) }
            guard over() else { return }
            for oldest in state.entries.sorted(by: older).map(\.key) where over() { evict(oldest) }
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
}
