import Foundation
import Protocols
import SQLiteStore
import Testing

@testable import Host

/// `story-server migrate-data` run as a process from SQLite and a media folder to MongoDB (mongoeco) and
/// S3 (moto), then `story-server` started on the target with `DB_TYPE=mongo` and `STORAGE_TYPE=s3`: it
/// serves the same stories, the same progress and the same bytes, logins and tokens keep working, and
/// a second run reports nothing to do.
@Suite("Migration SQLite to MongoDB, local files to S3, through the binary", .serialized)
struct MigrationToMongoS3Tests {
    static var enabled: Bool {
        (MongoCompatibilityTests.uri != nil && S3ServerEnvironment.available)
            || ProcessInfo.processInfo.environment["REQUIRE_TEST_SERVICES"] == "1"
    }

    let process = ServerProcessTests()
    let secret = String(repeating: "k", count: 40)

    /// The test server's MongoDB URI with the database `name`.
    func uri(database name: String) throws -> String {
        let uri = try #require(MongoCompatibilityTests.uri, "MONGODB_URI must be set (scripts/test.sh)")
        let schemeEnd = try #require(uri.range(of: "://"))
        let rest = uri[schemeEnd.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" }
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(uri[..<schemeEnd.upperBound]) + String(host) + "/" + name + query
    }

    /// Runs `story-server migrate-data …` in `dir`; its exit status and output.
    func migrate(_ arguments: [String], env: [String: String], in dir: URL) async throws -> (Int32, String) {
        let run = try process.run(["migrate-data"] + arguments, env: env, directory: dir)
        #expect(try await process.waitForExit(run, seconds: 120), "migrate-data did not finish: \(process.output(in: dir))")
        return (run.terminationStatus, process.output(in: dir))
    }

    func login(_ port: Int, _ email: String, _ password: String) throws -> String {
        let answer = try ServerProcessTests.post(
            "http://127.0.0.1:\(port)/graphql/", query: #"mutation { tokenAuth(email: "\#(email)", password: "\#(password)") { token } }"#)
        return try #require(try JSONValue(parsing: answer)["data"]?["tokenAuth"]?["token"]?.stringValue, "login failed: \(answer)")
    }

    func query(_ port: Int, _ query: String, token: String) throws -> JSONValue {
        let answer = try ServerProcessTests.post("http://127.0.0.1:\(port)/graphql/", query: query, headers: ["Authorization: JWT \(token)"])
        let json = try JSONValue(parsing: answer)
        #expect(json["errors"] == nil, "\(answer)")
        return json
    }

    /// `json` without its `url` members, which name the storage the files are in.
    static func withoutURLs(_ json: JSONValue) -> JSONValue {
        switch json {
        case .object(let members): .object(members.filter { $0.key != "url" }.mapValues(withoutURLs))
        case .array(let items): .array(items.map(withoutURLs))
        default: json
        }
    }

    func download(_ url: String) throws -> [UInt8] {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        _ = try ServerProcessTests.curl(arguments: ["-m", "20", "-o", file.path, url])
        return [UInt8]((try? Data(contentsOf: file)) ?? Data())
    }

    @Test("the target serves the same stories and bytes after migrate-data; a second run has nothing to do",
          .enabled(if: enabled, "MONGODB_URI and S3_TEST_ENDPOINT are unset: run scripts/test.sh"))
    func sqliteAndLocalToMongoAndS3() async throws {
        _ = try #require(ServerProcessTests.binary, "build the story-server product first (swift build --build-tests)")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let dir = folder.url
        let source = try SQLiteStore(path: folder.path("data/story.sqlite"))
        let media = try await StorageEndpoint(parsing: "local:" + folder.path("media"), option: "--media-from")
            .open(environment: DictionarySettings([:]))
        let fixture = try await MigrationFixture.seed(store: source, storage: media)
        try await source.close()

        let database = "migrate_\(UInt32.random(in: 0...UInt32.max))"
        let target = try uri(database: database)
        defer { _ = try? pymongo("drop_database.py", [MongoCompatibilityTests.uri ?? "", database]) }
        let common = ["DEBUG": "true", "SECRET_KEY": secret, "GENERATION_WORKERS": "0", "BCRYPT_COST": "4"]
        let s3 = try S3ServerEnvironment.variables()

        let storyQuery = """
            { scenarioById(scenarioId: "\(fixture.scenario.id.hexString)") { mongoId title description isPublished
              authorId { mongoId email firstName lastName role }
              scenesList { mongoId title text order isStartScene isEndScene position { x y }
                imageId { mongoId name filename fileSize mimeType isPublic url } soundId { mongoId fileSize url }
                choices { mongoId text condition order toSceneId { mongoId } } } } }
            """
        let progressQuery = "{ myProgress { mongoId totalTimeSpent isCompleted currentSceneId { mongoId } } }"

        // Before: the source as the server serves it, and the tokens it hands out.
        let (sourceServer, sourcePort) = try await process.startServer(env: common, in: dir)
        let authorToken = try login(sourcePort, fixture.author.email, MigrationFixture.authorPassword)
        let playerToken = try login(sourcePort, fixture.player.email, MigrationFixture.playerPassword)
        let sourceStory = try query(sourcePort, storyQuery, token: authorToken)
        let sourceProgress = try query(sourcePort, progressQuery, token: playerToken)
        sourceServer.terminate()
        _ = try await process.waitForExit(sourceServer, seconds: 20)

        let arguments = ["--from", "sqlite:./data/story.sqlite", "--to", target, "--media-from", "local:./media", "--media-to", "s3"]
        let (status, output) = try await migrate(arguments, env: s3, in: dir)
        #expect(status == 0, "\(output)")
        #expect(output.contains("users: 2 copied"), "\(output)")
        #expect(output.contains("files: 2 copied"), "\(output)")
        #expect(output.contains("verified: \(MigrationFixture.entityCount) entities"), "\(output)")
        #expect(output.contains("copying scenes: 3/3 done"), "plain progress lines when not on a terminal: \(output)")

        // After: the target, served from MongoDB and S3.
        let targetEnv = common.merging(s3) { a, _ in a }.merging(["DB_TYPE": "mongo", "MONGODB_URI": target]) { a, _ in a }
        let (targetServer, targetPort) = try await process.startServer(env: targetEnv, in: dir)
        defer { if targetServer.isRunning { kill(targetServer.processIdentifier, SIGKILL) } }
        let targetStory = try query(targetPort, storyQuery, token: authorToken)
        #expect(Self.withoutURLs(targetStory) == Self.withoutURLs(sourceStory))
        #expect(try query(targetPort, progressQuery, token: playerToken) == sourceProgress, "tokens of the source are valid on the target")
        _ = try login(targetPort, fixture.author.email, MigrationFixture.authorPassword)

        guard case .array(let scenes)? = targetStory["data"]?["scenarioById"]?["scenesList"], let start = scenes.first else {
            throw TestFailure("no scenes: \(targetStory)")
        }
        for (slot, asset) in [("imageId", fixture.assets[0]), ("soundId", fixture.assets[1])] {
            let url = try #require(start[slot]?["url"]?.stringValue)
            #expect(url.hasPrefix(s3["AWS_S3_ENDPOINT_URL"] ?? "-"), "an S3 URL: \(url)")
            #expect(try download(url) == fixture.files[asset.id], "the same bytes from \(url)")
        }
        targetServer.terminate()
        _ = try await process.waitForExit(targetServer, seconds: 20)

        let (again, secondOutput) = try await migrate(arguments, env: s3, in: dir)
        #expect(again == 0, "\(secondOutput)")
        #expect(secondOutput.contains("nothing to do"), "\(secondOutput)")
        #expect(secondOutput.contains("files: 0 copied, 2 already there"), "\(secondOutput)")
    }
}
