import Foundation
import Protocols

/// `ProgressStore`'s conditional replacement (``ProgressStore/updateProgress(_:ifVersion:)``) and the
/// rule that a progress record never outlives its scenario.
enum ProgressVersionCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("a conditional replacement lands on the version it read, and then that version is gone") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            let read = try requireStored(try await store.progress(ids: [progress.id]).first)
            var changed = read
            changed.totalTimeSpent = 30
            changed.updatedAt = PlayerProgress.nextUpdate(after: read.updatedAt, now: Fixture.time(1))
            try await store.updateProgress(changed, ifVersion: read.version)
            try expectSame(try await store.progress(ids: [progress.id]), [changed], "the replaced progress")
            var stale = read
            stale.totalTimeSpent = 99
            try await expectConflict { try await store.updateProgress(stale, ifVersion: read.version) }
            try expectEqual(try await store.progress(ids: [progress.id]).first?.totalTimeSpent, 30, "totalTimeSpent after the refused write")
        },
        StoreConformanceCase("a conditional replacement is refused as a conflict after a step was appended, even in the same millisecond, and the step stays") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            let read = try requireStored(try await store.progress(ids: [progress.id]).first)
            // The append is dated like the record, so only the history's length tells the versions apart.
            let step = ProgressStep(entry: HistoryEntry(sceneId: story.b.id, choiceId: story.ab.id, timestamp: read.updatedAt),
                                    isCompleted: false, completedAt: nil)
            _ = try await store.appendStep(step, toProgress: progress.id, at: read.updatedAt)
            var stale = read
            stale.totalTimeSpent = 12
            try await expectConflict { try await store.updateProgress(stale, ifVersion: read.version) }
            let stored = try requireStored(try await store.progress(ids: [progress.id]).first)
            try expectEqual(stored.history.count, 2, "history entries after the refused write")
            try expectEqual(stored.currentSceneId, story.b.id, "the current scene after the refused write")
        },
        StoreConformanceCase("of concurrent conditional replacements from one version, exactly one lands") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            let read = try requireStored(try await store.progress(ids: [progress.id]).first)
            let landed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 1...8 {
                    group.addTask {
                        var changed = read
                        changed.totalTimeSpent = n
                        changed.updatedAt = PlayerProgress.nextUpdate(after: read.updatedAt)
                        do {
                            try await store.updateProgress(changed, ifVersion: read.version)
                            return true
                        } catch StoreError.conflict {
                            return false
                        }
                    }
                }
                var count = 0
                for try await ok in group where ok { count += 1 }
                return count
            }
            try expectEqual(landed, 1, "replacements that landed")
        },
        StoreConformanceCase("a conditional replacement of a progress that does not exist throws notFound") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            try await expectNotFound { try await store.updateProgress(progress, ifVersion: progress.version) }
        },
        StoreConformanceCase("a progress on a scenario that does not exist is refused as notFound and not stored") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: ObjectId(), scene: story.a.id)
            try await expectNotFound { try await store.insertProgress(progress) }
            try expectEqual(try await store.progress(.all).count, 0, "progress records")
        },
        StoreConformanceCase("progress inserted while its scenario is deleted never outlives it") { store in
            // Many rounds of one insert racing one delete: whichever wins, no record is left.
            for _ in 0..<10 {
                do {
                    let story = try await Story.insert(into: store)
                    async let inserted = insertUnlessGone(
                        Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id), into: store)
                    async let deleted = deleteUnlessConflicting(story.scenario.id, in: store)
                    _ = try await (inserted, deleted)
                    // Whichever won (or lost to a transaction conflict), a gone scenario has no progress.
                    guard try await store.scenarios(ids: [story.scenario.id]).isEmpty else { continue }
                    try expectEqual(
                        try await store.progress(.scenario(story.scenario.id)).count, 0, "progress left on the deleted scenario")
                } catch StoreError.unavailable(let text) where text.contains("conflict") {
                    continue  // a test server whose transactions conflict with any concurrent write
                }
            }
        },
    ]
}

/// The value, or a failure naming what was missing.
func requireStored<T>(_ value: T?, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    guard let value else { throw ConformanceFailure("expected a stored value, found none", file: file, line: line) }
    return value
}

/// Inserts `progress`; `false` when the store answers that its scenario is gone.
private func insertUnlessGone(_ progress: PlayerProgress, into store: any StoryStore) async throws -> Bool {
    do {
        try await store.insertProgress(progress)
        return true
    } catch StoreError.notFound {
        return false
    } catch StoreError.unavailable(let text) where text.contains("conflict") {
        return false  // a test server whose transactions conflict with any concurrent write
    }
}

/// Deletes the scenario; `false` when a transactional store refused the commit because of the
/// concurrent write (a test server whose transactions conflict with any other write), which leaves
/// the scenario, and what hangs on it, in place.
private func deleteUnlessConflicting(_ id: ObjectId, in store: any StoryStore) async throws -> Bool {
    do {
        return try await store.deleteScenario(id: id) != nil
    } catch StoreError.unavailable(let text) where text.contains("conflict") {
        return false
    }
}
