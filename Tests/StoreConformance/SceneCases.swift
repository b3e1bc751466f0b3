import Protocols

/// `SceneStore`: scenes, their order, media slots and deletion with their choices.
enum SceneCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted scene reads back with every field, position and media included") { store in
            let scenario = Fixture.scenario()
            try await store.insertScenario(scenario)
            let scene = Scene(
                scenarioId: scenario.id, title: "Entrée", text: "Il fait noir… 🕯️\nTu avances ?", order: 7,
                imageId: ObjectId(), soundId: ObjectId(), musicId: ObjectId(), isStartScene: true, isEndScene: true,
                position: Position(x: -120.25, y: 3.5e3), createdAt: Fixture.time(1), updatedAt: Fixture.time(2))
            try await store.insertScene(scene)
            try expectSame(try await store.scenes(ids: [scene.id]), [scene], "scenes(ids:)")
        },
        StoreConformanceCase("a scene without position or media reads back with those fields nil") { store in
            let scenario = Fixture.scenario()
            try await store.insertScenario(scenario)
            let scene = Fixture.scene(in: scenario.id)
            try await store.insertScene(scene)
            let read = try unwrap(try await store.scenes(ids: [scene.id]).first, "the scene")
            try expect(read.position == nil, "position must be nil, got \(String(describing: read.position))")
            try expect(read.assetIds.isEmpty, "media ids must be nil, got \(read.assetIds)")
            try expectSame(read, scene, "the scene")
        },
        StoreConformanceCase("inserting a scene into a scenario that does not exist throws notFound") { store in
            try await expectNotFound { try await store.insertScene(Fixture.scene(in: ObjectId())) }
        },
        StoreConformanceCase("a scenario's scenes come ordered by order, then by creation") { store in
            let scenario = Fixture.scenario()
            try await store.insertScenario(scenario)
            // Ids run against creation order, so only the creation date can order equal `order`s.
            var laterSameOrder = Fixture.scene(in: scenario.id, order: 1, at: 20)
            laterSameOrder.id = Fixture.id(secondsSince2001: 100)
            var earlierSameOrder = Fixture.scene(in: scenario.id, order: 1, at: 10)
            earlierSameOrder.id = Fixture.id(secondsSince2001: 200)
            let first = Fixture.scene(in: scenario.id, order: 0, at: 30)
            let last = Fixture.scene(in: scenario.id, order: 5, at: 0)
            for scene in [last, laterSameOrder, first, earlierSameOrder] { try await store.insertScene(scene) }
            try expectEqual(
                try await store.scenes(scenarioIds: [scenario.id]).map(\.id),
                [first.id, earlierSameOrder.id, laterSameOrder.id, last.id], "scenes(scenarioIds:) order")
        },
        StoreConformanceCase("scenes of several scenarios come in one call, unknown scenarios ignored") { store in
            let one = try await Story.insert(into: store)
            let two = try await Story.insert(into: store)
            let other = try await Story.insert(into: store)
            let found = try await store.scenes(scenarioIds: [one.scenario.id, ObjectId(), two.scenario.id])
            try expectEqual(
                Set(found.map(\.id)), Set([one.a, one.b, one.c, two.a, two.b, two.c].map(\.id)), "scenes(scenarioIds:)")
            try expect(!found.contains { $0.scenarioId == other.scenario.id }, "another scenario's scenes must not appear")
        },
        StoreConformanceCase("looking scenes up by ids skips unknown ids") { store in
            let story = try await Story.insert(into: store)
            let found = try await store.scenes(ids: [story.c.id, ObjectId(), story.a.id])
            try expectEqual(Set(found.map(\.id)), [story.a.id, story.c.id], "scenes(ids:)")
        },
        StoreConformanceCase("updating a scene replaces every field") { store in
            let story = try await Story.insert(into: store)
            var scene = story.b
            scene.title = "B, revised"
            scene.text = "New text"
            scene.order = 9
            scene.imageId = ObjectId()
            scene.isEndScene = true
            scene.position = Position(x: 1.5, y: -2.25)
            scene.updatedAt = Fixture.time(500)
            try await store.updateScene(scene)
            try expectSame(try await store.scenes(ids: [scene.id]), [scene], "the updated scene")
            scene.imageId = nil
            scene.position = nil
            try await store.updateScene(scene)
            try expectSame(try await store.scenes(ids: [scene.id]), [scene], "the scene with fields cleared")
        },
        StoreConformanceCase("updating a scene that does not exist throws notFound") { store in
            let story = try await Story.insert(into: store)
            try await expectNotFound { try await store.updateScene(Fixture.scene(in: story.scenario.id)) }
            try await expectNotFound { try await store.updateScene(Fixture.scene(in: story.scenario.id), slots: []) }
        },
        StoreConformanceCase("an update writes only the media slots it is given: an asset attached meanwhile stays, a slot given as nil is cleared") { store in
            let story = try await Story.insert(into: store)
            var read = try unwrap(try await store.scenes(ids: [story.b.id]).first, "the scene")
            // Between the read and the update, a generation job attaches its sound.
            let sound = ObjectId()
            try expect(try await store.attachAsset(sound, to: .sound, ofScene: story.b.id), "the empty sound slot must take the asset")
            let image = ObjectId()
            read.title = "B, revised"
            read.imageId = image
            try await store.updateScene(read, slots: [.image])
            var stored = try unwrap(try await store.scenes(ids: [story.b.id]).first, "the updated scene")
            try expectEqual(stored.title, "B, revised", "title")
            try expectEqual(stored.imageId, image, "imageId (a slot given)")
            try expectEqual(stored.soundId, sound, "soundId (attached meanwhile, not given)")
            try expectEqual(stored.musicId, nil, "musicId (not given)")
            // A slot given as nil is cleared; one not given keeps its asset whatever the value passed.
            var cleared = stored
            cleared.soundId = nil
            cleared.imageId = nil
            try await store.updateScene(cleared, slots: [.sound])
            stored = try unwrap(try await store.scenes(ids: [story.b.id]).first, "the scene after clearing")
            try expectEqual(stored.soundId, nil, "soundId (given as nil)")
            try expectEqual(stored.imageId, image, "imageId (not given)")
            // No slot given: the other fields are still written.
            var moved = stored
            moved.order = 4
            moved.musicId = ObjectId()
            try await store.updateScene(moved, slots: [])
            stored = try unwrap(try await store.scenes(ids: [story.b.id]).first, "the scene after an update without slots")
            try expectEqual(stored.order, 4, "order")
            try expectEqual(stored.musicId, nil, "musicId (not given)")
            try expectEqual(stored.imageId, image, "imageId (not given)")
        },
        StoreConformanceCase("attaching an asset fills an empty slot but never replaces a taken one") { store in
            let story = try await Story.insert(into: store)
            let first = ObjectId()
            let second = ObjectId()
            try expect(try await store.attachAsset(first, to: .sound, ofScene: story.a.id), "an empty slot must take the asset")
            try expect(try await !store.attachAsset(second, to: .sound, ofScene: story.a.id), "a taken slot must refuse")
            let scene = try unwrap(try await store.scenes(ids: [story.a.id]).first, "the scene")
            try expectEqual(scene.soundId, first, "soundId")
            try expectEqual(scene.imageId, nil, "imageId (another slot)")
            try expect(try await store.attachAsset(second, to: .music, ofScene: story.a.id), "another empty slot")
        },
        StoreConformanceCase("attaching an asset to a scene that does not exist answers false") { store in
            try expect(try await !store.attachAsset(ObjectId(), to: .image, ofScene: ObjectId()), "attachAsset on a missing scene")
        },
        StoreConformanceCase("deleting a scene removes the choices leaving it and those leading to it") { store in
            let story = try await Story.insert(into: store)
            let ca = Fixture.choice(from: story.c.id, to: story.a.id, at: 6)
            try await store.insertChoice(ca)
            let summary = try unwrap(try await store.deleteScene(id: story.b.id), "the deletion summary")
            try expectEqual(summary.scenes, 1, "scenes deleted")
            try expectEqual(summary.choices, 2, "choices deleted (a→b and b→c)")
            try expectEqual(try await store.scenes(ids: [story.b.id]).count, 0, "the deleted scene")
            try expectEqual(try await store.choices(ids: [story.ab.id, story.bc.id]).count, 0, "choices to and from it")
            try expectEqual(try await store.choices(ids: [ca.id]).map(\.id), [ca.id], "an unrelated choice")
            try expectEqual(
                try await store.scenes(scenarioIds: [story.scenario.id]).map(\.id), [story.a.id, story.c.id], "other scenes")
        },
        StoreConformanceCase("deleting a scene that does not exist answers nil") { store in
            try expect(try await store.deleteScene(id: ObjectId()) == nil, "deleteScene of a missing id must answer nil")
        },
    ]
}
