import Foundation
import LocalStorage
import NIOCore
import Protocols
import Synchronization
import Testing

@testable import Host

/// A request body delivered in chunks, counting how many were pulled.
struct CountingBody: AsyncSequence, Sendable {
    let chunks: [ByteBuffer]
    let pulled = Counter()

    final class Counter: Sendable {
        let value = Mutex(0)
        var count: Int { value.withLock { $0 } }
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var index = 0
        let chunks: [ByteBuffer]
        let pulled: Counter
        mutating func next() async throws -> ByteBuffer? {
            guard index < chunks.count else { return nil }
            defer { index += 1 }
            pulled.value.withLock { $0 += 1 }
            return chunks[index]
        }
    }

    init(_ bytes: [UInt8], chunkSize: Int) {
        chunks = stride(from: 0, to: bytes.count, by: chunkSize).map { ByteBuffer(bytes: bytes[$0..<Swift.min($0 + chunkSize, bytes.count)]) }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: chunks, pulled: pulled) }
}

@Suite("Uploads: streaming and storage")
struct UploadStreamingTests {
    static func reader(limitFor: @escaping @Sendable (AssetKind?) -> Int, spool: URL) -> MultipartStreamReader {
        MultipartStreamReader(
            boundary: "", limits: .init(
                maxFieldBytes: 10_000, maxBodyBytes: 100_000_000, maxFileBytes: limitFor,
                tooLargeMessage: { _, limit in "over \(limit)" }),
            spoolDirectory: spool)
    }

    @Test("a file past its limit is refused as soon as the limit is passed: the rest of the body is never read")
    func refusedEarly() async throws {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: spool) }
        let body = MultipartBody.upload(type: "image", SampleMedia.png() + [UInt8](repeating: 0x41, count: 10_000_000))
        let chunks = CountingBody(body.bytes, chunkSize: 64 * 1024)
        let reader = MultipartStreamReader(
            boundary: body.boundary,
            limits: .init(maxFieldBytes: 10_000, maxBodyBytes: 100_000_000, maxFileBytes: { $0 == .image ? 1_000_000 : 50_000_000 },
                          tooLargeMessage: { kind, limit in "\(kind?.rawValue ?? "?") over \(limit)" }),
            spoolDirectory: spool)
        await #expect(throws: MultipartRequestError.tooLarge("image over 1000000")) { try await reader.read(chunks) }
        #expect(chunks.chunks.count > 150)
        #expect(chunks.pulled.count <= 17, "read \(chunks.pulled.count) chunks of 64 KiB for a 1 MB limit")
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path) == [], "the partial spool file is deleted")
    }

    @Test("file parts are spooled to disk whatever the chunking, byte for byte, with their name and first bytes")
    func spooling() async throws {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: spool) }
        // Bytes that look like boundaries and CRLFs must survive.
        let content = SampleMedia.png() + Array("\r\n--\r\n------story-test\r\r\n\n".utf8) + (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let body = MultipartBody.upload(type: "image", filename: "Cat \"1\".png", content)
        for chunkSize in [1, 7, 1000, 65_536, body.bytes.count] {
            let reader = MultipartStreamReader(
                boundary: body.boundary,
                limits: .init(maxFieldBytes: 10_000, maxBodyBytes: 1_000_000, maxFileBytes: { _ in 1_000_000 }, tooLargeMessage: { _, _ in "" }),
                spoolDirectory: spool)
            let parsed = try await reader.read(CountingBody(body.bytes, chunkSize: chunkSize))
            let file = try #require(parsed.files["0"])
            #expect(file.size == content.count)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: file.path))) == content, "chunks of \(chunkSize)")
            #expect(file.head == Array(content.prefix(MediaFormat.sniffLength)))
            #expect(file.originalName == "Cat \"1\".png")
            #expect(parsed.map == ["0": ["variables.file"]])
            try FileManager.default.removeItem(atPath: file.path)
        }
    }

    @Test("an upload whose database write fails leaves no file behind")
    func failedInsertLeavesNoFile() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("media-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let storage = LocalStorage(root: root)
        let spooled = root.appendingPathComponent("spooled.png")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try Data(SampleMedia.png()).write(to: spooled)
        let file = SpooledFile(path: spooled.path, size: SampleMedia.png().count, head: SampleMedia.png(), originalName: "a.png", contentType: nil)
        let upload = UploadedAsset(file: file, format: .png, name: "a", uploader: ObjectId())
        await #expect(throws: StoreError.self) { try await upload.save(storage: storage, store: FailingAssetStore()) }
        #expect(try await storage.allKeys() == [])

        let saved = try await upload.save(storage: storage, store: RecordingAssetStore())
        #expect(try await storage.allKeys() == [saved.metadata["storage_key"]?.stringValue])
    }

    // Needs the sqlite3 command (scripts/setup.sh installs it) to break the database from outside.
    @Test("through the API: when the asset insert fails, the upload answers an error and the stored file is deleted")
    func failedInsertThroughAPI() async throws {
        try await TestServer.with { api in
            let ann = try await api.player()
            // A second connection installs a trigger that makes every asset insert fail.
            let sqlite = Process()
            sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
            sqlite.arguments = [api.server.directory.appendingPathComponent("story.sqlite").path,
                                "CREATE TRIGGER refuse_assets BEFORE INSERT ON assets BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"]
            try sqlite.run()
            sqlite.waitUntilExit()
            try #require(sqlite.terminationStatus == 0)
            let r = try await api.upload(SampleMedia.png(), type: "image", token: ann.token)
            // The store's failure reaches the client as a GraphQL error (its wording depends on how SQLite fails).
            #expect(r.errors.count == 1, "\(r)")
            #expect(r.bool("data.uploadAsset.success") != true)
            #expect(try await api.server.services.storage.allKeys().isEmpty, "no file is left behind")
        }
    }

    static func spool(_ bytes: [UInt8]) throws -> SpooledFile {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("spooled-\(UUID().uuidString)")
        try Data(bytes).write(to: url)
        return SpooledFile(path: url.path, size: bytes.count, head: Array(bytes.prefix(16)), originalName: "x", contentType: nil)
    }

    @Test("metadata: JPEG dimensions are found after large APP segments; MP3 durations come from Xing headers")
    func metadataDetails() throws {
        let exif = [0xFF, 0xE1, 0xFF, 0xFE] + [UInt8](repeating: 0, count: 0xFFFC)
        let jpeg = [0xFF, 0xD8] + exif + exif + Array(SampleMedia.jpeg().dropFirst(2))
        let jpegFile = try Self.spool(jpeg)
        #expect(MediaMetadata.extract(.jpeg, file: try RandomAccessFile(path: jpegFile.path)) == ["width": .int(320), "height": .int(200)])
        // A VBR MP3: the Xing header says 1000 frames of 1152 samples at 44.1 kHz.
        var first: [UInt8] = [0xFF, 0xFB, 0x90, 0x64] + [UInt8](repeating: 0, count: 32) + Array("Xing".utf8) + [0, 0, 0, 1] + SampleMedia.be32(1000)
        first += [UInt8](repeating: 0, count: 417 - first.count)
        let mp3File = try Self.spool(first + SampleMedia.mp3(frames: 3).dropFirst(20))
        #expect(MediaMetadata.extract(.mp3, file: try RandomAccessFile(path: mp3File.path)) == ["duration": .double(26.122)])
        #expect(MediaFormat.detect(Array("hello world".utf8)) == nil)
        #expect(UploadedAsset.displayName("C:\\Users\\me\\pic\u{0}.png") == "pic.png")
    }
}

/// An asset store whose inserts fail, as a database that went away.
struct FailingAssetStore: AssetStore {
    func insertAsset(_ asset: Asset) async throws { throw StoreError.unavailable("database is down") }
    func assets(ids: [ObjectId]) async throws -> [Asset] { [] }
    func assets(_ filter: AssetFilter) async throws -> [Asset] { [] }
    func updateAsset(_ asset: Asset) async throws {}
    func deleteAsset(id: ObjectId) async throws -> Asset? { nil }
    func deleteAssetIfUnused(id: ObjectId) async throws -> Asset? { nil }
    func fileReferences() async throws -> FileReferences { FileReferences() }
}

/// An asset store that accepts inserts.
struct RecordingAssetStore: AssetStore {
    func insertAsset(_ asset: Asset) async throws {}
    func assets(ids: [ObjectId]) async throws -> [Asset] { [] }
    func assets(_ filter: AssetFilter) async throws -> [Asset] { [] }
    func updateAsset(_ asset: Asset) async throws {}
    func deleteAsset(id: ObjectId) async throws -> Asset? { nil }
    func deleteAssetIfUnused(id: ObjectId) async throws -> Asset? { nil }
    func fileReferences() async throws -> FileReferences { FileReferences() }
}
