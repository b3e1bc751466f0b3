import Domain
import Foundation
import LocalStorage
import MongoStore
import Protocols
import SQLiteStore
import Testing

/// The stores every domain suite runs on, made by each adapter's own factory (`make(settings:)`,
/// as the server makes them): a fresh SQLite file, and a fresh database of the test MongoDB
/// (`MONGODB_URI`; skipped without one unless `REQUIRE_TEST_SERVICES=1`).
enum StoreKind: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite, mongo

    var description: String { rawValue }

    static var available: [StoreKind] {
        let env = ProcessInfo.processInfo.environment
        let mongo = (env["MONGODB_URI"].map { !$0.isEmpty } ?? false) || env["REQUIRE_TEST_SERVICES"] == "1"
        return mongo ? [.sqlite, .mongo] : [.sqlite]
    }

    func makeStore() async throws -> any StoryStore {
        switch self {
        case .sqlite:
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("domain-\(UUID().uuidString).sqlite").path
            return try SQLiteStore.make(settings: DictionarySettings(["SQLITE_PATH": path]))
        case .mongo:
            guard let uri = ProcessInfo.processInfo.environment["MONGODB_URI"], !uri.isEmpty else {
                throw DomainTestFailure("MONGODB_URI is not set: run scripts/services/mongo.sh start")
            }
            let name = "domain_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
            return try await MongoStore.make(settings: DictionarySettings(["MONGODB_URI": uri, "MONGODB_DB_NAME": name]))
        }
    }
}

struct DomainTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Fast, not secret: the domain suites test rules, not bcrypt.
struct PlainHasher: PasswordHashing {
    func hash(_ password: String) async throws -> String { "plain:" + password }
}

/// A world of services on one store, with its people: an author (admin), another admin, a player
/// and an anonymous visitor.
struct World {
    let store: any StoryStore
    let media: URL
    let author: User
    let otherAdmin: User
    let player: User

    var users: UserService { UserService(store: store, passwords: PlainHasher()) }
    var assets: AssetService { AssetService(store: store, storage: LocalStorage(root: media)) }
    var stories: StoryService { StoryService(store: store, assets: assets) }
    var progress: ProgressService { ProgressService(store: store) }

    var asAuthor: AccessPolicy { AccessPolicy(viewer: author) }
    var asOtherAdmin: AccessPolicy { AccessPolicy(viewer: otherAdmin) }
    var asPlayer: AccessPolicy { AccessPolicy(viewer: player) }
    var asAnonymous: AccessPolicy { AccessPolicy(viewer: nil) }

    static func make(_ kind: StoreKind) async throws -> World {
        let store = try await kind.makeStore()
        let author = User(email: "author@example.com", passwordHash: "x", role: .admin)
        let otherAdmin = User(email: "other@example.com", passwordHash: "x", role: .admin)
        let player = User(email: "player@example.com", passwordHash: "x", role: .player)
        for user in [author, otherAdmin, player] { try await store.insertUser(user) }
        let media = FileManager.default.temporaryDirectory.appendingPathComponent("domain-media-\(UUID().uuidString)")
        return World(store: store, media: media, author: author, otherAdmin: otherAdmin, player: player)
    }

    /// A published story by the author: start → middle → end.
    func story(published: Bool = true) async throws -> TestStory {
        let scenario = try await stories.createScenario(ScenarioChanges(title: "The Cave", isPublished: published), by: asAuthor)
        let start = try await stories.createScene(inScenario: scenario.id, SceneChanges(title: "Start", order: 0, isStartScene: true), by: asAuthor)
        let middle = try await stories.createScene(inScenario: scenario.id, SceneChanges(title: "Middle", order: 1), by: asAuthor)
        let end = try await stories.createScene(inScenario: scenario.id, SceneChanges(title: "End", order: 2, isEndScene: true), by: asAuthor)
        let toMiddle = try await stories.createChoice(from: start.id, ChoiceChanges(toSceneId: middle.id, text: "On"), by: asAuthor)
        let toEnd = try await stories.createChoice(from: middle.id, ChoiceChanges(toSceneId: end.id, text: "On"), by: asAuthor)
        return TestStory(scenario: scenario, start: start, middle: middle, end: end, toMiddle: toMiddle, toEnd: toEnd)
    }
}

struct TestStory {
    let scenario: Scenario
    let start, middle, end: Scene
    let toMiddle, toEnd: Choice
}

/// Expects `body` to throw exactly `expected`.
func expectRefusal<T>(
    _ expected: DomainError, sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> T
) async {
    do {
        let value = try await body()
        Issue.record("expected \(expected), but the call succeeded with \(value)", sourceLocation: sourceLocation)
    } catch let error as DomainError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}
