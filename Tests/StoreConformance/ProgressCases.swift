import Protocols

/// `ProgressStore`: players' progress and its history.
enum ProgressCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted progress reads back with its history") { store in
            let story = try await Story.insert(into: store)
            let progress = PlayerProgress(
                userId: ObjectId(), scenarioId: story.scenario.id, currentSceneId: story.b.id,
                history: [
                    HistoryEntry(sceneId: story.a.id, timestamp: Fixture.time(1)),
                    HistoryEntry(
                        sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(2.5),
                        metadata: .object(["mood": .string("brave"), "hp": .int(7)])),
                ],
                totalTimeSpent: 42, createdAt: Fixture.time(1), updatedAt: Fixture.time(3))
            try await store.insertProgress(progress)
            try expectSame(try await store.progress(ids: [progress.id]), [progress], "progress(ids:)")
        },
        StoreConformanceCase("a second progress for the same player and scenario is refused as a duplicate") { store in
            let story = try await Story.insert(into: store)
            let user = ObjectId()
            try await store.insertProgress(Fixture.progress(user: user, scenario: story.scenario.id, scene: story.a.id))
            try await expectDuplicate(field: "user_id,scenario_id") {
                try await store.insertProgress(Fixture.progress(user: user, scenario: story.scenario.id, scene: story.b.id))
            }
            try expectEqual(try await store.progress(.all).count, 1, "progress records")
        },
        StoreConformanceCase("progress filters select by player, by scenario and by both; all lists every record oldest first") { store in
            let one = try await Story.insert(into: store)
            let two = try await Story.insert(into: store)
            let ada = ObjectId()
            let grace = ObjectId()
            let adaTwo = Fixture.progress(user: ada, scenario: two.scenario.id, scene: two.a.id, at: 30)
            let graceOne = Fixture.progress(user: grace, scenario: one.scenario.id, scene: one.a.id, at: 20)
            let adaOne = Fixture.progress(user: ada, scenario: one.scenario.id, scene: one.a.id, at: 10)
            for p in [adaTwo, graceOne, adaOne] { try await store.insertProgress(p) }
            try expectEqual(try await store.progress(.all).map(\.id), [adaOne.id, graceOne.id, adaTwo.id], ".all")
            try expectEqual(try await store.progress(.user(ada)).map(\.id), [adaOne.id, adaTwo.id], ".user")
            try expectEqual(
                try await store.progress(.scenario(one.scenario.id)).map(\.id), [adaOne.id, graceOne.id], ".scenario")
            try expectEqual(
                try await store.progress(.userAndScenario(ada, two.scenario.id)).map(\.id), [adaTwo.id],
                ".userAndScenario")
            try expectEqual(
                try await store.progress(.userAndScenario(grace, two.scenario.id)).count, 0, ".userAndScenario, none")
        },
        StoreConformanceCase("looking progress up by ids skips unknown ids") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            try await store.insertProgress(progress)
            try expectEqual(try await store.progress(ids: [ObjectId(), progress.id]).map(\.id), [progress.id], "progress(ids:)")
        },
        StoreConformanceCase("appending a step adds the entry, moves the current scene and records completion") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            let entry = HistoryEntry(
                sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(5), metadata: .object(["k": .int(1)]))
            let step = ProgressStep(entry: entry, isCompleted: true, completedAt: Fixture.time(5))
            let updated = try await store.appendStep(step, toProgress: progress.id, at: Fixture.time(6))
            var expected = progress
            expected.history.append(entry)
            expected.currentSceneId = story.b.id
            expected.isCompleted = true
            expected.completedAt = Fixture.time(5)
            expected.updatedAt = Fixture.time(6)
            try expectSame(updated, expected, "the record appendStep returns")
            try expectSame(try await store.progress(ids: [progress.id]), [expected], "the stored record")
        },
        StoreConformanceCase("appending a step to a progress that does not exist throws notFound") { store in
            let step = ProgressStep(entry: HistoryEntry(sceneId: ObjectId()), isCompleted: false, completedAt: nil)
            try await expectNotFound { try await store.appendStep(step, toProgress: ObjectId(), at: Fixture.time(0)) }
        },
        StoreConformanceCase("fifty concurrent appends to one progress leave fifty entries") { store in
            let story = try await Story.insert(into: store)
            var progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            progress.history = []
            try await store.insertProgress(progress)
            let progressId = progress.id
            try await withThrowingTaskGroup(of: Void.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        let entry = HistoryEntry(
                            sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(Double(i)),
                            metadata: .object(["step": .int(i)]))
                        _ = try await store.appendStep(
                            ProgressStep(entry: entry, isCompleted: false, completedAt: nil), toProgress: progressId,
                            at: Fixture.time(Double(i)))
                    }
                }
                try await group.waitForAll()
            }
            let history = try unwrap(try await store.progress(ids: [progress.id]).first, "the progress").history
            try expectEqual(history.count, 50, "history entries")
            try expectEqual(Set(history.compactMap { $0.metadata["step"]?.intValue }), Set(0..<50), "the steps recorded")
        },
        StoreConformanceCase("of ten concurrent appends conditional on the same current scene exactly one lands") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            try await store.insertProgress(progress)
            let progressId = progress.id
            let outcomes = try await withThrowingTaskGroup(of: Int?.self) { group in
                for i in 0..<10 {
                    group.addTask {
                        let entry = HistoryEntry(
                            sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(Double(i)),
                            metadata: .object(["step": .int(i)]))
                        do {
                            _ = try await store.appendStep(
                                ProgressStep(entry: entry, isCompleted: false, completedAt: nil), toProgress: progressId,
                                at: Fixture.time(Double(i)), ifCurrentScene: story.a.id)
                            return i
                        } catch StoreError.conflict(let entity, let id) where entity == "progress" && id == progressId {
                            return nil
                        }
                    }
                }
                return try await group.reduce(into: [Int?]()) { $0.append($1) }
            }
            let landed = outcomes.compactMap { $0 }
            try expectEqual(landed.count, 1, "appends that landed (the others must throw conflict)")
            let stored = try unwrap(try await store.progress(ids: [progress.id]).first, "the progress")
            try expectEqual(stored.history.count, progress.history.count + 1, "history entries")
            try expectEqual(stored.history.last?.metadata["step"]?.intValue, landed.first, "the step recorded")
            try expectEqual(stored.currentSceneId, story.b.id, "the current scene")
        },
        StoreConformanceCase("a conditional append lands from the expected scene, and is refused as a conflict from another scene or on a completed progress") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            let toB = HistoryEntry(sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(2))
            let updated = try await store.appendStep(
                ProgressStep(entry: toB, isCompleted: false, completedAt: nil), toProgress: progress.id, at: Fixture.time(2),
                ifCurrentScene: story.a.id)
            var expected = progress
            expected.history.append(toB)
            expected.currentSceneId = story.b.id
            expected.updatedAt = Fixture.time(2)
            try expectSame(updated, expected, "the record the conditional append returns")
            // From a scene that is no longer the current one: nothing written.
            let stale = ProgressStep(
                entry: HistoryEntry(sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(3)),
                isCompleted: false, completedAt: nil)
            try await expectConflict {
                try await store.appendStep(stale, toProgress: progress.id, at: Fixture.time(3), ifCurrentScene: story.a.id)
            }
            try expectSame(try await store.progress(ids: [progress.id]), [expected], "the record after the stale append")
            // Completed: refused even from the right scene.
            let toC = HistoryEntry(sceneId: story.c.id, choiceId: story.bc.id, timestamp: Fixture.time(4))
            expected = try await store.appendStep(
                ProgressStep(entry: toC, isCompleted: true, completedAt: Fixture.time(4)), toProgress: progress.id,
                at: Fixture.time(4), ifCurrentScene: story.b.id)
            try expect(expected.isCompleted, "the append to an end scene completes the progress")
            let past = ProgressStep(
                entry: HistoryEntry(sceneId: story.c.id, timestamp: Fixture.time(5)), isCompleted: true, completedAt: Fixture.time(5))
            try await expectConflict {
                try await store.appendStep(past, toProgress: progress.id, at: Fixture.time(5), ifCurrentScene: story.c.id)
            }
            try expectSame(try await store.progress(ids: [progress.id]), [expected], "the completed record")
            // No such progress: notFound, not conflict.
            try await expectNotFound {
                try await store.appendStep(past, toProgress: ObjectId(), at: Fixture.time(5), ifCurrentScene: story.c.id)
            }
        },
        StoreConformanceCase("updating a progress replaces the record, history included") { store in
            let story = try await Story.insert(into: store)
            var progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            progress.history.append(HistoryEntry(sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(3)))
            progress.history.append(HistoryEntry(sceneId: story.c.id, choiceId: story.bc.id, timestamp: Fixture.time(4)))
            progress.currentSceneId = story.c.id
            progress.isCompleted = true
            progress.completedAt = Fixture.time(4)
            try await store.insertProgress(progress)
            // Going back two steps.
            progress.history.removeLast(2)
            progress.currentSceneId = story.a.id
            progress.isCompleted = false
            progress.completedAt = nil
            progress.totalTimeSpent = 300
            progress.updatedAt = Fixture.time(10)
            try await store.updateProgress(progress)
            try expectSame(try await store.progress(ids: [progress.id]), [progress], "the updated progress")
        },
        StoreConformanceCase("updating a progress with a longer, or a different, history stores exactly that history") { store in
            let story = try await Story.insert(into: store)
            var progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            // Longer: the stored history is a prefix of the new one.
            progress.history.append(HistoryEntry(sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(2)))
            progress.history.append(HistoryEntry(
                sceneId: story.c.id, choiceId: story.bc.id, timestamp: Fixture.time(3), metadata: .object(["k": .int(2)])))
            progress.currentSceneId = story.c.id
            progress.updatedAt = Fixture.time(3)
            try await store.updateProgress(progress)
            try expectSame(try await store.progress(ids: [progress.id]), [progress], "the lengthened progress")
            // Unchanged history, other fields changed.
            progress.totalTimeSpent = 77
            progress.updatedAt = Fixture.time(4)
            try await store.updateProgress(progress)
            try expectSame(try await store.progress(ids: [progress.id]), [progress], "the progress with its history unchanged")
            // Different: neither a prefix nor an extension of the stored one.
            progress.history = [HistoryEntry(sceneId: story.b.id, timestamp: Fixture.time(5))]
            progress.currentSceneId = story.b.id
            progress.updatedAt = Fixture.time(5)
            try await store.updateProgress(progress)
            try expectSame(try await store.progress(ids: [progress.id]), [progress], "the progress with another history")
        },
        StoreConformanceCase("updating a progress that does not exist throws notFound") { store in
            let story = try await Story.insert(into: store)
            try await expectNotFound {
                try await store.updateProgress(Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id))
            }
        },
        StoreConformanceCase("deleting a progress answers true once, then false") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id)
            try await store.insertProgress(progress)
            try expect(try await store.deleteProgress(id: progress.id), "the first delete must answer true")
            try expectEqual(try await store.progress(ids: [progress.id]).count, 0, "the deleted progress")
            try expect(try await !store.deleteProgress(id: progress.id), "the second delete must answer false")
            // The pair is free again.
            try await store.insertProgress(Fixture.progress(user: progress.userId, scenario: story.scenario.id, scene: story.a.id))
        },
    ]
}

func expectConflict<T>(
    file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T
) async throws {
    try await expectStoreError("StoreError.conflict(entity: \"progress\", …)", file: file, line: line, matching: {
        if case .conflict(let entity, _) = $0 { return entity == "progress" }
        return false
    }, body)
}
