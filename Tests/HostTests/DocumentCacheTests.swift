import Foundation
import GraphQL
import Protocols
import Testing

@testable import Host

/// Validated documents are kept by their text; what depends on the request is checked every time.
@Suite("Document cache")
struct DocumentCacheTests {
    func document(_ text: String) throws -> CachedDocument { CachedDocument(document: try parse(source: Source(body: text)), measure: nil) }

    @Test("least recently used documents leave first, within the entry bound")
    func evictsLeastRecentlyUsed() throws {
        let cache = DocumentCache(maxEntries: 2)
        try cache.insert(document("{ a }"), for: "{ a }")
        try cache.insert(document("{ b }"), for: "{ b }")
        #expect(cache.document(for: "{ a }") != nil)  // a is now the most recent
        try cache.insert(document("{ c }"), for: "{ c }")
        #expect(cache.count == 2)
        #expect(cache.document(for: "{ b }") == nil)
        #expect(cache.document(for: "{ a }") != nil)
        #expect(cache.document(for: "{ c }") != nil)
    }

    @Test("the bytes of the texts are bounded too, and 0 entries turns the cache off")
    func bytesBound() throws {
        let cache = DocumentCache(maxEntries: 100, maxBytes: 400)
        for i in 0..<10 { try cache.insert(document("{ f\(i) }"), for: "{ f\(i) }" + String(repeating: " ", count: 90)) }
        #expect(cache.count <= 4)
        let off = DocumentCache(maxEntries: 0)
        try off.insert(document("{ a }"), for: "{ a }")
        #expect(off.document(for: "{ a }") == nil)
    }

    @Test("a long text evicts as many of the least recently used as its bytes need, and no more")
    func longTextEvictsOldestFirst() throws {
        let cache = TextKeyedCache<Int>(maxEntries: 100, maxBytes: 1_000)
        for i in 0..<9 { cache.insert(i, for: "k\(i)" + String(repeating: " ", count: 98)) }  // 100 bytes each
        #expect(cache.value(for: "k0" + String(repeating: " ", count: 98)) == 0)  // k0 is now the most recent
        cache.insert(99, for: "long" + String(repeating: " ", count: 246))  // 250 bytes: 1,150 in all
        #expect(cache.count == 8)  // two of 100 bytes went: k1 and k2, the least recently used
        #expect(cache.value(for: "k1" + String(repeating: " ", count: 98)) == nil)
        #expect(cache.value(for: "k2" + String(repeating: " ", count: 98)) == nil)
        #expect(cache.value(for: "k0" + String(repeating: " ", count: 98)) == 0)
        #expect(cache.value(for: "k3" + String(repeating: " ", count: 98)) == 3)
        #expect(cache.value(for: "long" + String(repeating: " ", count: 246)) == 99)
    }

    @Test("a cached document is still measured against the budget with each request's variables, and still no mutation over GET")
    func budgetPerRequest() async throws {
        try await TestServer.with(["MAX_QUERY_COST": "1000"]) { api in
            let query = "query($n: Int) { scenarioById(scenarioId: \"65ab00000000000000000000\") { scenes(first: $n) { edges { node { title text order } } } } }"
            let small = try await api.graphql(query, ["n": 5])
            #expect(!small.errors.contains { $0.contains("MAX_QUERY_COST") }, "\(small)")
            let again = try await api.graphql(query, ["n": 5])
            #expect(!again.errors.contains { $0.contains("MAX_QUERY_COST") }, "\(again)")
            let large = try await api.graphql(query, ["n": 500])
            #expect(large.errors.contains { $0.contains("exceeds MAX_QUERY_COST 1000") }, "\(large)")

            let mutation = #"mutation { tokenAuth(email: "a@example.com", password: "password1") { token } }"#
            _ = try await api.graphql(mutation)  // cached now
            let overGet = try await api.fetch("/graphql/?query=" + mutation.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
            #expect(String(decoding: overGet.body, as: UTF8.self).contains("Mutations must be sent with POST"))
        }
    }
}
