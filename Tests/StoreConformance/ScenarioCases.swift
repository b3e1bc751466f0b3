import Protocols

/// `ScenarioStore`: scenarios, their filters and order (cascading deletes are in ``CascadeCases``).
enum ScenarioCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted scenario reads back with every field") { store in
            let scenario = Fixture.scenario(published: false, title: "La grotte — épisode 1")
            try await store.insertScenario(scenario)
            try expectSame(try await store.scenarios(ids: [scenario.id]), [scenario], "scenarios(ids:)")
        },
        StoreConformanceCase("looking scenarios up by ids skips unknown ids") { store in
            let one = Fixture.scenario(at: 1)
            let two = Fixture.scenario(at: 2)
            try await store.insertScenario(one)
            try await store.insertScenario(two)
            let found = try await store.scenarios(ids: [ObjectId(), two.id, one.id])
            try expectEqual(Set(found.map(\.id)), [one.id, two.id], "scenarios(ids:)")
        },
        StoreConformanceCase("the all filter lists every scenario, oldest first") { store in
            let newer = Fixture.scenario(published: true, at: 30)
            let older = Fixture.scenario(published: false, at: 10)
            try await store.insertScenario(newer)
            try await store.insertScenario(older)
            try expectEqual(try await store.scenarios(.all).map(\.id), [older.id, newer.id], "scenarios(.all)")
        },
        StoreConformanceCase("the published filter lists only published scenarios") { store in
            let published = Fixture.scenario(published: true, at: 1)
            let draft = Fixture.scenario(published: false, at: 2)
            try await store.insertScenario(published)
            try await store.insertScenario(draft)
            try expectEqual(try await store.scenarios(.published).map(\.id), [published.id], "scenarios(.published)")
        },
        StoreConformanceCase("the author filter lists that author's scenarios, published or not") { store in
            let author = ObjectId()
            let mine = Fixture.scenario(author: author, published: false, at: 1)
            let minePublished = Fixture.scenario(author: author, published: true, at: 2)
            let theirs = Fixture.scenario(published: true, at: 3)
            for s in [theirs, minePublished, mine] { try await store.insertScenario(s) }
            try expectEqual(
                try await store.scenarios(.author(author)).map(\.id), [mine.id, minePublished.id], "scenarios(.author)")
        },
        StoreConformanceCase("the visible-to filter lists published scenarios and the user's own drafts, not others' drafts") { store in
            let me = ObjectId()
            let myDraft = Fixture.scenario(author: me, published: false, at: 1)
            let othersPublished = Fixture.scenario(published: true, at: 2)
            let othersDraft = Fixture.scenario(published: false, at: 3)
            for s in [othersDraft, othersPublished, myDraft] { try await store.insertScenario(s) }
            try expectEqual(
                try await store.scenarios(.visible(to: me)).map(\.id), [myDraft.id, othersPublished.id],
                "scenarios(.visible(to:))")
        },
        StoreConformanceCase("updating a scenario replaces its fields") { store in
            var scenario = Fixture.scenario(published: false)
            try await store.insertScenario(scenario)
            scenario.title = "The deep cave"
            scenario.description = "Darker still"
            scenario.isPublished = true
            scenario.updatedAt = Fixture.time(99.5)
            try await store.updateScenario(scenario)
            try expectSame(try await store.scenarios(ids: [scenario.id]), [scenario], "the updated scenario")
        },
        StoreConformanceCase("updating a scenario that does not exist throws notFound") { store in
            try await expectNotFound { try await store.updateScenario(Fixture.scenario()) }
        },
        StoreConformanceCase("deleting a scenario that does not exist answers nil") { store in
            try expect(try await store.deleteScenario(id: ObjectId()) == nil, "deleteScenario of a missing id must answer nil")
        },
    ]
}
