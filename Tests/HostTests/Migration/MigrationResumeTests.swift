import Foundation
import Protocols
import SQLiteStore
import Testing

@testable import Host

/// `migrate-data` between two SQLite files and two media folders, in process: what it copies, that an
/// interrupted run is resumed, that a second run writes nothing, and that a target holding other content
/// under the same ids is reported and left as it is.
@Suite("Migration between stores (SQLite to SQLite, local to local)")
struct MigrationResumeTests {
    struct World {
        let folder: TemporaryFolder
        let source: SQLiteStore
        let target: SQLiteStore
        let media: MediaTransfer
        let fixture: MigrationFixture

        func migration(observer: any MigrationObserver = SilentObserver()) -> DataMigration {
            DataMigration(source: source, target: target, media: media, observer: observer)
        }

        func close() async {
            try? await source.close()
            try? await target.close()
            folder.remove()
        }
    }

    func world() async throws -> World {
        let folder = try TemporaryFolder()
        let source = try SQLiteStore(path: folder.path("source.sqlite"))
        let target = try SQLiteStore(path: folder.path("target.sqlite"))
        let sourceMedia = try await StorageEndpoint(parsing: "local:" + folder.path("media-source"), option: "--media-from")
            .open(environment: DictionarySettings([:]))
        let targetMedia = try await StorageEndpoint(parsing: "local:" + folder.path("media-target"), option: "--media-to")
            .open(environment: DictionarySettings(["MEDIA_URL": "/files/"]))
        let fixture = try await MigrationFixture.seed(store: source, storage: sourceMedia)
        return World(
            folder: folder, source: source, target: target, media: MediaTransfer(source: sourceMedia, target: targetMedia),
            fixture: fixture)
    }

    @Test("copies every entity with its ids and every file, rewrites asset URLs, and verifies it all")
    func copiesEverything() async throws {
        let w = try await world()
        defer { Task { await w.close() } }
        let report = try await w.migration().run()
        #expect(report.copied == [.users: 2, .scenarios: 1, .assets: 3, .scenes: 3, .choices: 2, .progress: 1])
        #expect(report.filesCopied == 2)
        #expect(report.verifiedEntities == MigrationFixture.entityCount)
        #expect(report.verifiedFiles == 2)

        let author = try #require(try await w.target.users(ids: [w.fixture.author.id]).first)
        #expect(author == (try await w.source.users(ids: [w.fixture.author.id]).first), "password hash and token version kept")
        #expect(author.tokenVersion == 3)
        #expect(try await w.target.progress(ids: [w.fixture.progress.id]).first?.history.count == 2)
        let image = try #require(try await w.target.assets(ids: [w.fixture.assets[0].id]).first)
        #expect(image.url.hasPrefix("/files/assets/"), "URL of the target storage: \(image.url)")
        let key = try #require(image.migrationStorageKey)
        #expect(try await w.media.target.load(key: key) == w.fixture.files[image.id])
        let external = try #require(try await w.target.assets(ids: [w.fixture.assets[2].id]).first)
        #expect(external == (try await w.source.assets(ids: [external.id]).first), "an asset without a file is copied as it is")
    }

    @Test("a second run changes nothing and reports nothing to do")
    func secondRunHasNothingToDo() async throws {
        let w = try await world()
        defer { Task { await w.close() } }
        _ = try await w.migration().run()
        let keys = try await w.media.target.allKeys().sorted()
        let again = try await w.migration().run()
        #expect(again.nothingToDo)
        #expect(again.summary.hasPrefix("nothing to do"))
        #expect(again.alreadyPresent[.scenes] == 3 && again.filesPresent == 2)
        #expect(again.verifiedEntities == MigrationFixture.entityCount)
        #expect(try await w.media.target.allKeys().sorted() == keys)
    }

    @Test("an interrupted run is resumed by running it again", arguments: [1, 4, 6, 10])
    func interruptedRunIsResumed(after written: Int) async throws {
        let w = try await world()
        defer { Task { await w.close() } }
        let interrupted = Task { try await w.migration(observer: InterruptingObserver(limit: written)).run() }
        await #expect(throws: CancellationError.self) { _ = try await interrupted.value }
        let partial = try await StoreSnapshot.read(w.target).count
        #expect(partial == written, "stopped after \(written) writes")

        let resumed = try await w.migration().run()
        #expect(resumed.copied.values.reduce(0, +) == MigrationFixture.entityCount - written)
        #expect(resumed.verifiedEntities == MigrationFixture.entityCount)
        #expect(resumed.verifiedFiles == 2)
        #expect(try await w.migration().run().nothingToDo)
    }

    @Test("a target holding an id with other content is reported, and nothing is written")
    func conflictingTargetIsReported() async throws {
        let w = try await world()
        defer { Task { await w.close() } }
        var other = w.fixture.author
        other.firstName = "Grace"
        try await w.target.insertUser(other)
        let squatter = User(email: w.fixture.player.email, passwordHash: w.fixture.player.passwordHash, role: .player)
        try await w.target.insertUser(squatter)

        let error = await #expect(throws: MigrationError.self) { _ = try await w.migration().run() }
        guard case .conflicts(let conflicts)? = error else {
            Issue.record("expected conflicts, got \(String(describing: error))")
            return
        }
        #expect(conflicts.count == 2)
        #expect(error?.description.contains("user \(w.fixture.author.id.hexString): the target holds it with different content (firstName)") == true, "\(error!)")
        #expect(error?.description.contains("its email player@example.com belongs to user \(squatter.id.hexString)") == true)
        #expect(error?.description.contains("nothing was written") == true)
        #expect(try await w.target.users(ids: [w.fixture.author.id]).first?.firstName == "Grace", "not overwritten")
        #expect(try await w.target.scenarios(.all).isEmpty)
        #expect(try await w.media.target.allKeys().isEmpty)
    }

    @Test("a file of the target that differs from the source's is reported as a conflict")
    func conflictingFileIsReported() async throws {
        let w = try await world()
        defer { Task { await w.close() } }
        _ = try await w.migration().run()
        let image = try #require(try await w.target.assets(ids: [w.fixture.assets[0].id]).first)
        let key = try #require(image.migrationStorageKey)
        let name = String(key.split(separator: "/").last!)
        _ = try await w.media.target.store(FileToStore(body: .bytes([1, 2, 3]), kind: .image, fileName: name, contentType: "image/png"))
        let error = await #expect(throws: MigrationError.self) { _ = try await w.migration().run() }
        #expect(error?.description.contains("its file \(key) in the target storage differs from the source's") == true, "\(String(describing: error))")
    }
}
