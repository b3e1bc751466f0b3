import Foundation
import Protocols

/// Builders for the values the cases store. Dates are whole milliseconds on a fixed timeline, so
/// that creation order is chosen by the case, not by the clock.
enum Fixture {
    /// `seconds` after a fixed instant that has a millisecond fraction (2025-06-15 15:06:40.123 UTC).
    static func time(_ seconds: Double) -> Date {
        let ms = 1_750_000_000_123 + Int64((seconds * 1000).rounded())
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    /// An id whose embedded timestamp is `seconds` after 2001: lets a case make ids whose order
    /// differs from creation order.
    static func id(secondsSince2001 seconds: UInt32) -> ObjectId {
        ObjectId(timestamp: 978_307_200 + seconds)
    }

    static func user(_ email: String = "player-\(UUID().uuidString.prefix(8))@example.com", role: Role = .player, at t: Double = 0) -> User {
        User(
            email: email, passwordHash: "$2b$12$abcdefghijklmnopqrstuuM2vZb7e9Zl1oFQqW0h6m3kKc7d5p1Ce", role: role,
            firstName: "Ada", lastName: "Lovelace", createdAt: time(t))
    }

    static func scenario(author: ObjectId = ObjectId(), published: Bool = true, title: String = "The cave", at t: Double = 0) -> Scenario {
        Scenario(title: title, description: "A dark place", authorId: author, isPublished: published, createdAt: time(t))
    }

    static func scene(in scenarioId: ObjectId, order: Int = 0, title: String = "A scene", at t: Double = 0) -> Scene {
        Scene(scenarioId: scenarioId, title: title, text: "You stand at the entrance.", order: order, createdAt: time(t))
    }

    static func choice(from: ObjectId, to: ObjectId, order: Int = 0, text: String = "Go on", at t: Double = 0) -> Choice {
        Choice(fromSceneId: from, toSceneId: to, text: text, order: order, createdAt: time(t))
    }

    static func progress(user: ObjectId, scenario: ObjectId, scene: ObjectId, at t: Double = 0) -> PlayerProgress {
        PlayerProgress(
            userId: user, scenarioId: scenario, currentSceneId: scene,
            history: [HistoryEntry(sceneId: scene, timestamp: time(t))], createdAt: time(t))
    }

    static func asset(
        _ type: AssetKind = .image, uploadedBy: ObjectId? = nil, isPublic: Bool = true, metadata: JSONValue = .emptyObject,
        at t: Double = 0
    ) -> Asset {
        Asset(
            type: type, name: "\(type.rawValue) asset", filename: "\(UUID().uuidString).png",
            url: "/media/\(type.rawValue)/x.png", fileSize: 2048, mimeType: "image/png", metadata: metadata,
            uploadedBy: uploadedBy, isPublic: isPublic, createdAt: time(t))
    }

    static func job(
        _ kind: GenerationKind = .image, requestedBy: ObjectId = ObjectId(), target: JobTarget? = nil, at t: Double = 0,
        runAfter: Double? = nil
    ) -> GenerationJob {
        GenerationJob(
            kind: kind, parameters: .object(["prompt": .string("a cave")]), requestedBy: requestedBy, target: target,
            runAfter: runAfter.map(time), createdAt: time(t))
    }
}

/// A small story stored for a case: one scenario with scenes `a → b → c`.
struct Story {
    var scenario: Scenario
    var a: Scene
    var b: Scene
    var c: Scene
    var ab: Choice
    var bc: Choice

    static func insert(into store: any StoryStore, author: ObjectId = ObjectId(), published: Bool = true) async throws -> Story {
        let scenario = Fixture.scenario(author: author, published: published)
        try await store.insertScenario(scenario)
        let a = Fixture.scene(in: scenario.id, order: 0, title: "A", at: 1)
        let b = Fixture.scene(in: scenario.id, order: 1, title: "B", at: 2)
        let c = Fixture.scene(in: scenario.id, order: 2, title: "C", at: 3)
        for scene in [a, b, c] { try await store.insertScene(scene) }
        let ab = Fixture.choice(from: a.id, to: b.id, at: 4)
        let bc = Fixture.choice(from: b.id, to: c.id, at: 5)
        try await store.insertChoice(ab)
        try await store.insertChoice(bc)
        return Story(scenario: scenario, a: a, b: b, c: c, ab: ab, bc: bc)
    }
}
