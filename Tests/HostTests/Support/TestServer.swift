import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Protocols
import SQLiteStore
import Synchronization

@testable import Host

/// The `SECRET_KEY` of test servers.
let testSecret = "test-secret-of-at-least-thirty-two-characters"

/// Counts the SELECT statements the SQLite store runs, to check batching.
final class StatementCounter: Sendable {
    private let count = Mutex(0)
    func record(_ sql: String) {
        if SQLiteStore.isQuery(sql) { count.withLock { $0 += 1 } }
    }
    var selects: Int { count.withLock { $0 } }
    func reset() { count.withLock { $0 = 0 } }
}

/// A server on a fresh SQLite file and a temporary media folder, driven through Hummingbird's
/// router test client: real HTTP requests through the real router, no sockets.
struct TestServer {
    let services: Services
    let statements: StatementCounter
    let directory: URL

    static func make(_ env: [String: String] = [:]) async throws -> TestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("story-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var values = [
            "DEBUG": "true", "SECRET_KEY": testSecret, "BCRYPT_COST": "4",
            "SQLITE_PATH": directory.appendingPathComponent("story.sqlite").path,
            "MEDIA_ROOT": directory.appendingPathComponent("media").path,
            "GENERATION_WAIT_SECONDS": "60",  // a loaded CI machine can take seconds per job
            // A watched connection is closed after its answer, which the single-connection live test
            // client cannot survive; RequestDeadlineTests sets it low to test disconnects.
            "DISCONNECT_CHECK_AFTER_SECONDS": "600",
            // Every query the compiled path covers is also run on the general executor, and the
            // request answers an error if the two differ: the whole suite is a differential test.
            "GRAPHQL_DIFFERENTIAL": "true",
        ]
        values.merge(env) { _, new in new }
        let settings = try ServerSettings(EnvironmentSettings.from(values))
        let counter = StatementCounter()
        var services = try await ServiceAssembly.make(settings: settings, logger: Logger(label: "test"))
        if settings.databaseType == .sqlite {
            let store = try SQLiteStore(path: values["SQLITE_PATH"]!, onStatement: { counter.record($0) })
            services = services.replacing(store: MeteredStore(store))
        }
        return TestServer(services: services, statements: counter, directory: directory)
    }

    /// Runs `body` with a client of a fresh server, and its generation workers unless `GENERATION_WORKERS` is 0.
    /// `mode` `.live` serves on a loopback socket (requests then come from 127.0.0.1, which tests of
    /// client addresses need); `.router` needs no socket.
    static func with(
        _ env: [String: String] = [:], generation: GenerationService? = nil, mode: TestingSetup = .router,
        _ body: @escaping @Sendable (TestAPI) async throws -> Void
    ) async throws {
        let made = try await make(env)
        let server = generation.map { made.replacing(generation: $0) } ?? made
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let router = try StoryApplication.makeRouter(services: server.services)
        let app = Application(router: router)
        let workers = GenerationWorkers.inServer(server.services).map { workers in
            Task { try await workers.with(pollInterval: .milliseconds(20)).run() }
        }
        defer { workers?.cancel() }
        try await app.test(mode) { client in
            try await body(TestAPI(client: client, server: server))
        }
    }

    func replacing(generation: GenerationService) -> TestServer {
        let s = services
        return TestServer(
            services: Services(
                settings: s.settings, store: s.store, storage: s.storage, tokens: s.tokens, passwords: s.passwords,
                loginThrottle: s.loginThrottle, generation: generation, logger: s.logger),
            statements: statements, directory: directory)
    }
}

extension Services {
    func replacing(store: any StoryStore) -> Services {
        Services(
            settings: settings, store: store, storage: storage, tokens: tokens, passwords: passwords,
            loginThrottle: loginThrottle, generation: generation, logger: logger)
    }
}
