import Protocols

/// `ChoiceStore`: choices between scenes.
enum ChoiceCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted choice reads back with its condition") { store in
            let story = try await Story.insert(into: store)
            let choice = Choice(
                fromSceneId: story.c.id, toSceneId: story.a.id, text: "Recommencer ↺",
                condition: .object(["==": .array([.object(["var": .string("torch")]), .bool(true)])]), order: 3,
                createdAt: Fixture.time(8))
            try await store.insertChoice(choice)
            try expectSame(try await store.choices(ids: [choice.id]), [choice], "choices(ids:)")
        },
        StoreConformanceCase("inserting a choice from a scene that does not exist throws notFound") { store in
            let story = try await Story.insert(into: store)
            try await expectNotFound { try await store.insertChoice(Fixture.choice(from: ObjectId(), to: story.a.id)) }
        },
        StoreConformanceCase("inserting a choice to a scene that does not exist throws notFound") { store in
            let story = try await Story.insert(into: store)
            try await expectNotFound { try await store.insertChoice(Fixture.choice(from: story.a.id, to: ObjectId())) }
        },
        StoreConformanceCase("choices leaving scenes come ordered by order, then by creation, and only from those scenes") { store in
            let story = try await Story.insert(into: store)
            var laterSameOrder = Fixture.choice(from: story.a.id, to: story.c.id, order: 1, at: 20)
            laterSameOrder.id = Fixture.id(secondsSince2001: 100)
            var earlierSameOrder = Fixture.choice(from: story.a.id, to: story.a.id, order: 1, at: 10)
            earlierSameOrder.id = Fixture.id(secondsSince2001: 200)
            let last = Fixture.choice(from: story.a.id, to: story.b.id, order: 4, at: 0)
            for c in [laterSameOrder, last, earlierSameOrder] { try await store.insertChoice(c) }
            // a→b from the story has order 0.
            try expectEqual(
                try await store.choices(fromSceneIds: [story.a.id]).map(\.id),
                [story.ab.id, earlierSameOrder.id, laterSameOrder.id, last.id], "choices(fromSceneIds:) order")
            let both = try await store.choices(fromSceneIds: [story.a.id, story.b.id, ObjectId()])
            try expectEqual(
                Set(both.map(\.id)), [story.ab.id, story.bc.id, earlierSameOrder.id, laterSameOrder.id, last.id],
                "choices from two scenes")
            try expectEqual(try await store.choices(fromSceneIds: [story.c.id]).count, 0, "choices from the last scene")
        },
        StoreConformanceCase("the scene graph of scenarios is their scenes and the choices leaving them, each ordered as its own call orders it") { store in
            let one = try await Story.insert(into: store)
            let two = try await Story.insert(into: store)
            let other = try await Story.insert(into: store)
            var back = Fixture.choice(from: one.c.id, to: one.a.id, order: 0, at: 9)
            back.id = Fixture.id(secondsSince2001: 300)
            let first = Fixture.choice(from: one.a.id, to: one.c.id, order: -1, at: 8)
            for c in [back, first] { try await store.insertChoice(c) }
            let ids = [two.scenario.id, ObjectId(), one.scenario.id]
            let graph = try await store.sceneGraph(scenarioIds: ids)
            let scenes = try await store.scenes(scenarioIds: ids)
            try expectSame(graph.scenes, scenes, "sceneGraph's scenes")
            try expectSame(graph.choices, try await store.choices(fromSceneIds: scenes.map(\.id)), "sceneGraph's choices")
            try expectEqual(
                Set(graph.choices.map(\.id)), [one.ab.id, one.bc.id, back.id, first.id, two.ab.id, two.bc.id],
                "the choices of both scenarios' scenes")
            try expect(!graph.scenes.contains { $0.scenarioId == other.scenario.id }, "another scenario's scenes must not appear")
            try expect(!graph.choices.contains { $0.id == other.ab.id }, "another scenario's choices must not appear")
        },
        StoreConformanceCase("the scene graph of no scenarios, or of one without scenes, is empty") { store in
            let empty = Fixture.scenario(author: ObjectId(), published: true)
            try await store.insertScenario(empty)
            for ids in [[], [empty.id], [ObjectId()]] {
                let graph = try await store.sceneGraph(scenarioIds: ids)
                try expectEqual(graph.scenes.count + graph.choices.count, 0, "sceneGraph(scenarioIds: \(ids))")
            }
        },
        StoreConformanceCase("looking choices up by ids skips unknown ids") { store in
            let story = try await Story.insert(into: store)
            let found = try await store.choices(ids: [ObjectId(), story.bc.id])
            try expectEqual(found.map(\.id), [story.bc.id], "choices(ids:)")
        },
        StoreConformanceCase("updating a choice replaces its target, text, condition and order") { store in
            let story = try await Story.insert(into: store)
            var choice = story.ab
            choice.toSceneId = story.c.id
            choice.text = "Run"
            choice.condition = .object(["in": .array([.string("key"), .object(["var": .string("inventory")])])])
            choice.order = 2
            try await store.updateChoice(choice)
            try expectSame(try await store.choices(ids: [choice.id]), [choice], "the updated choice")
        },
        StoreConformanceCase("updating a choice that does not exist throws notFound") { store in
            let story = try await Story.insert(into: store)
            try await expectNotFound { try await store.updateChoice(Fixture.choice(from: story.a.id, to: story.b.id)) }
        },
        StoreConformanceCase("updating a choice to lead to a scene that does not exist throws notFound and changes nothing") { store in
            let story = try await Story.insert(into: store)
            var choice = story.ab
            choice.toSceneId = ObjectId()
            try await expectNotFound { try await store.updateChoice(choice) }
            try expectEqual(try await store.choices(ids: [choice.id]).first?.toSceneId, story.b.id, "toSceneId")
        },
        StoreConformanceCase("deleting choices deletes those that exist and counts only them") { store in
            let story = try await Story.insert(into: store)
            let deleted = try await store.deleteChoices(ids: [story.ab.id, ObjectId(), story.bc.id])
            try expectEqual(deleted, 2, "deleteChoices count")
            try expectEqual(try await store.choices(fromSceneIds: [story.a.id, story.b.id]).count, 0, "remaining choices")
            try expectEqual(try await store.deleteChoices(ids: [story.ab.id]), 0, "deleting again")
        },
    ]
}
