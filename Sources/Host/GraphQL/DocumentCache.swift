import GraphQL
import OrderedCollections
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

/// Values computed from a text (a document, a query plan), least recently used first out, bounded
/// in entries and in the bytes of their keys.
final class TextKeyedCache<Value: Sendable>: Sendable {
    let maxEntries: Int
    let maxBytes: Int

    private struct State {
        var documents: OrderedDictionary<String, Value> = [:]
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
            guard let index = state.documents.index(forKey: text) else { return nil }
            let document = state.documents.values[index]
            if index != state.documents.count - 1 {
                state.documents.remove(at: index)
                state.documents[text] = document
            }
            return document
        }
    }

    /// Keeps `document` for `text`, evicting the least recently used beyond the bounds.
    func insert(_ document: Value, for text: String) {
        guard maxEntries > 0, text.utf8.count <= maxBytes / 4 else { return }
        state.withLock { state in
            guard state.documents[text] == nil else { return }
            state.documents[text] = document
            state.bytes += text.utf8.count
            while state.documents.count > maxEntries || state.bytes > maxBytes, let first = state.documents.keys.first {
                state.documents.removeFirst()
                state.bytes -= first.utf8.count
            }
        }
    }

    var count: Int { state.withLock { $0.documents.count } }
}
