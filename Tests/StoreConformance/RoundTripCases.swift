import Foundation
import Protocols

/// What goes in comes out: dates to the millisecond, JSON exactly, nil as nil.
enum RoundTripCases {
    /// A JSON value exercising every case, nesting and characters that need escaping.
    static let richJSON: JSONValue = .object([
        "string": .string("Ça va ? « oui » — 日本語 🐉 \"quoted\" back\\slash\nnew line\ttab"),
        "empty string": .string(""),
        "int": .int(-42),
        "big int": .int(9_007_199_254_740_991),
        "double": .double(3.25),
        "small double": .double(-0.001),
        "true": .bool(true),
        "false": .bool(false),
        "null": .null,
        "empty object": .object([:]),
        "empty array": .array([]),
        "array": .array([.int(1), .string("two"), .null, .array([.bool(false)]), .object(["k": .double(0.5)])]),
        "nested": .object(["a": .object(["b": .object(["c": .array([.string("deep")])])])]),
        "clé accentuée 🔑": .string("value"),
    ])

    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("dates round-trip to the millisecond") { store in
            let created = Fixture.time(0.789)
            let updated = Date(timeIntervalSince1970: 4_102_444_800.001)  // 2100-01-01 00:00:00.001 UTC
            let user = User(
                email: "time@example.com", passwordHash: "$2b$12$x", role: .player, createdAt: created, updatedAt: updated)
            try await store.insertUser(user)
            let read = try unwrap(try await store.users(ids: [user.id]).first, "the user")
            try expectEqual(read.createdAt.milliseconds, created.milliseconds, "createdAt in milliseconds")
            try expectEqual(read.updatedAt.milliseconds, updated.milliseconds, "updatedAt in milliseconds")
        },
        StoreConformanceCase("JSON values round-trip exactly: nested objects and arrays, unicode, numbers, booleans and null") { store in
            let story = try await Story.insert(into: store)
            var choice = story.ab
            choice.condition = richJSON
            try await store.updateChoice(choice)
            try expectEqual(try await store.choices(ids: [choice.id]).first?.condition, richJSON, "choice condition")

            let asset = Fixture.asset(metadata: richJSON)
            try await store.insertAsset(asset)
            try expectEqual(try await store.assets(ids: [asset.id]).first?.metadata, richJSON, "asset metadata")

            let job = GenerationJob(kind: .music, parameters: richJSON, requestedBy: ObjectId(), createdAt: Fixture.time(0))
            try await store.insertJob(job)
            try expectEqual(try await store.jobs(ids: [job.id]).first?.parameters, richJSON, "job parameters")

            var progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            progress.history[0].metadata = richJSON
            try await store.insertProgress(progress)
            try expectEqual(
                try await store.progress(ids: [progress.id]).first?.history.first?.metadata, richJSON, "history metadata")
        },
        StoreConformanceCase("JSON values that are not objects round-trip too") { store in
            for (index, value) in [JSONValue.array([.int(1)]), .string("plain"), .int(0), .bool(true), .null].enumerated() {
                let asset = Fixture.asset(metadata: value, at: Double(index))
                try await store.insertAsset(asset)
                try expectEqual(try await store.assets(ids: [asset.id]).first?.metadata, value, "metadata \(value)")
            }
        },
        StoreConformanceCase("optional fields left nil read back as nil") { store in
            let story = try await Story.insert(into: store)
            let progress = PlayerProgress(
                userId: ObjectId(), scenarioId: story.scenario.id, currentSceneId: story.a.id,
                history: [HistoryEntry(sceneId: story.a.id, choiceId: nil, timestamp: Fixture.time(1))],
                completedAt: nil, createdAt: Fixture.time(1))
            try await store.insertProgress(progress)
            try expectSame(try await store.progress(ids: [progress.id]), [progress], "progress with nil fields")

            let asset = Fixture.asset(uploadedBy: nil)
            try await store.insertAsset(asset)
            try expectSame(try await store.assets(ids: [asset.id]), [asset], "asset with no uploader")

            let job = Fixture.job(target: nil)
            try await store.insertJob(job)
            let read = try unwrap(try await store.jobs(ids: [job.id]).first, "the job")
            try expectSame(read, job, "job with nil fields")
            try expect(
                read.target == nil && read.errorMessage == nil && read.resultAssetId == nil && read.progress == nil
                    && read.leaseOwner == nil && read.leaseExpiresAt == nil, "every optional job field must be nil: \(read)")
        },
    ]
}
