import Foundation
import HTTPTypes
import Protocols
import Testing

@testable import Host

@Suite("Media files served from LocalStorage")
struct MediaRouteTests {
    /// Stores 1000 known bytes (a WAV header then a counting pattern) and returns their URL path.
    static func storeSample(_ api: TestAPI) async throws -> (url: String, bytes: [UInt8]) {
        let bytes = Array(SampleMedia.wav(seconds: 0.1).prefix(44)) + (0..<956).map { UInt8($0 % 251) }
        let stored = try await api.server.services.storage.store(FileToStore(
            body: .bytes(bytes), kind: .sound, fileName: "\(UUID().uuidString.lowercased()).wav", contentType: "audio/wav"))
        return (stored.url, bytes)
    }

    @Test("a file is served with its Content-Type, length, ETag, Last-Modified and Cache-Control")
    func headers() async throws {
        try await TestServer.with { api in
            let (url, bytes) = try await Self.storeSample(api)
            let r = try await api.fetch(url)
            #expect(r.status == .ok)
            #expect(r.body == bytes)
            #expect(r.headers[.contentType] == "audio/wav")
            #expect(r.headers[.contentLength] == "1000")
            #expect(r.headers[.acceptRanges] == "bytes")
            #expect(r.headers[.cacheControl] == MediaRoute.cacheControl)
            #expect(r.headers[.eTag]?.hasPrefix("\"") == true)
            #expect(r.headers[.lastModified]?.hasSuffix(" GMT") == true)
            let head = try await api.fetch(url, method: .head)
            #expect(head.status == .ok)
            #expect(head.body.isEmpty)
            #expect(head.headers[.contentLength] == "1000")
            #expect(head.headers[.eTag] == r.headers[.eTag])
        }
    }

    @Test("If-None-Match with the ETag, or If-Modified-Since, answers 304 without a body")
    func conditional() async throws {
        try await TestServer.with { api in
            let (url, _) = try await Self.storeSample(api)
            let first = try await api.fetch(url)
            let eTag = try #require(first.headers[.eTag])
            let notModified = try await api.fetch(url, headers: [.ifNoneMatch: eTag])
            #expect(notModified.status == .notModified)
            #expect(notModified.body.isEmpty)
            #expect(notModified.headers[.eTag] == eTag)
            #expect(try await api.fetch(url, headers: [.ifNoneMatch: "\"other\", \(eTag)"]).status == .notModified)
            #expect(try await api.fetch(url, headers: [.ifNoneMatch: "W/\(eTag)"]).status == .notModified)
            #expect(try await api.fetch(url, headers: [.ifNoneMatch: "\"other\""]).status == .ok)
            let lastModified = try #require(first.headers[.lastModified])
            #expect(try await api.fetch(url, headers: [.ifModifiedSince: lastModified]).status == .notModified)
            #expect(try await api.fetch(url, headers: [.ifModifiedSince: "Sat, 01 Jan 2000 00:00:00 GMT"]).status == .ok)
        }
    }

    @Test("a single byte range answers 206 with Content-Range",
          arguments: [("bytes=0-9", 0, 9), ("bytes=990-", 990, 999), ("bytes=-10", 990, 999), ("bytes=500-5000", 500, 999), ("bytes=-5000", 0, 999)])
    func ranges(header: String, first: Int, last: Int) async throws {
        try await TestServer.with { api in
            let (url, bytes) = try await Self.storeSample(api)
            let r = try await api.fetch(url, headers: [.range: header])
            #expect(r.status == .partialContent)
            #expect(r.headers[.contentRange] == "bytes \(first)-\(last)/1000")
            #expect(r.headers[.contentLength] == String(last - first + 1))
            #expect(r.body == Array(bytes[first...last]))
        }
    }

    @Test("an unsatisfiable range answers 416; several ranges, bad syntax or a stale If-Range give the whole file")
    func rangeEdges() async throws {
        try await TestServer.with { api in
            let (url, bytes) = try await Self.storeSample(api)
            for header in ["bytes=1000-", "bytes=5000-6000", "bytes=-0"] {
                let r = try await api.fetch(url, headers: [.range: header])
                #expect(r.status == .rangeNotSatisfiable, "\(header)")
                #expect(r.headers[.contentRange] == "bytes */1000")
            }
            for header in ["bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=abc"] {
                let r = try await api.fetch(url, headers: [.range: header])
                #expect(r.status == .ok, "\(header)")
                #expect(r.body == bytes)
            }
            let eTag = try #require(try await api.fetch(url).headers[.eTag])
            #expect(try await api.fetch(url, headers: [.range: "bytes=0-9", .ifRange: eTag]).status == .partialContent)
            let stale = try await api.fetch(url, headers: [.range: "bytes=0-9", .ifRange: "\"stale\""])
            #expect(stale.status == .ok)
            #expect(stale.body.count == 1000)
        }
    }

    @Test("only files under MEDIA_ROOT/assets are served: missing files and path tricks answer 404")
    func notFound() async throws {
        try await TestServer.with { api in
            _ = try await Self.storeSample(api)
            for path in ["/media/assets/missing.png", "/media/assets/..%2Fstory.sqlite", "/media/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
                         "/media/assets/.hidden", "/media/story.sqlite", "/media/assets/"] {
                #expect(try await api.fetch(path).status == .notFound, "\(path)")
            }
        }
    }

    @Test("an empty file is served as an empty 200; a range on it is unsatisfiable")
    func emptyFile() async throws {
        try await TestServer.with { api in
            let stored = try await api.server.services.storage.store(FileToStore(
                body: .bytes([]), kind: .image, fileName: "empty.png", contentType: "image/png"))
            let r = try await api.fetch(stored.url)
            #expect(r.status == .ok)
            #expect(r.body.isEmpty)
            #expect(r.headers[.contentLength] == "0")
            #expect(try await api.fetch(stored.url, headers: [.range: "bytes=0-"]).status == .rangeNotSatisfiable)
        }
    }

    @Test("MEDIA_URL moves the route")
    func customPrefix() async throws {
        try await TestServer.with(["MEDIA_URL": "/files/"]) { api in
            let (url, bytes) = try await Self.storeSample(api)
            #expect(url.hasPrefix("/files/assets/"))
            #expect(try await api.fetch(url).body == bytes)
        }
    }

    @Test("ranges are parsed as RFC 9110 says")
    func byteRangeParsing() {
        #expect(ByteRange.parse("bytes=0-0", size: 10) == .satisfiable(0...0))
        #expect(ByteRange.parse("bytes=-3", size: 10) == .satisfiable(7...9))
        #expect(ByteRange.parse("bytes=9-", size: 10) == .satisfiable(9...9))
        #expect(ByteRange.parse("bytes=10-", size: 10) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=-1", size: 0) == .unsatisfiable)
        #expect(ByteRange.parse("bytes=5-2", size: 10) == .none)
        #expect(ByteRange.parse("bytes=1-2, 4-5", size: 10) == .none)
    }
}
