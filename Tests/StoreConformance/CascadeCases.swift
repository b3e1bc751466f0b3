import Protocols

/// Deleting a scenario takes everything that hangs on it, and nothing else; which assets go with it
/// is the host's rule (`AssetService.deleteUnused`), applied with `deleteAssetIfUnused`.
enum CascadeCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase(
            "deleting a scenario removes its scenes, the choices from and to them and the progress on it, and names the assets its scenes referenced, which stay"
        ) { store in
            let author = ObjectId()
            let story = try await Story.insert(into: store, author: author)
            let other = try await Story.insert(into: store)
            let into = Fixture.choice(from: other.a.id, to: story.b.id, at: 10)
            let outOf = Fixture.choice(from: story.c.id, to: other.a.id, at: 11)
            try await store.insertChoice(into)
            try await store.insertChoice(outOf)

            let image = Fixture.asset(.image, uploadedBy: author, at: 1)
            let sound = Fixture.asset(.sound, uploadedBy: author, at: 2)
            let unrelated = Fixture.asset(.image, at: 3)
            let otherStorysMusic = Fixture.asset(.sound, at: 4)
            for asset in [image, sound, unrelated, otherStorysMusic] { try await store.insertAsset(asset) }
            try expect(try await store.attachAsset(image.id, to: .image, ofScene: story.a.id), "attach the image")
            try expect(try await store.attachAsset(sound.id, to: .sound, ofScene: story.c.id), "attach the sound")
            try expect(try await store.attachAsset(otherStorysMusic.id, to: .music, ofScene: other.a.id), "attach the music")

            let player = ObjectId()
            let onStory = Fixture.progress(user: player, scenario: story.scenario.id, scene: story.a.id)
            let onOther = Fixture.progress(user: player, scenario: other.scenario.id, scene: other.a.id)
            try await store.insertProgress(onStory)
            try await store.insertProgress(onOther)

            let summary = try unwrap(try await store.deleteScenario(id: story.scenario.id), "the deletion summary")
            try expectEqual(summary.scenes, 3, "scenes deleted")
            try expectEqual(summary.choices, 4, "choices deleted (a→b, b→c, and the two crossing scenarios)")
            try expectEqual(summary.referencedAssetIds, [image.id, sound.id], "assets the scenes referenced")
            try expectEqual(summary.assets, [], "assets deleted by the store (the host's rule decides)")

            try expectEqual(try await store.scenarios(ids: [story.scenario.id]).count, 0, "the scenario")
            try expectEqual(try await store.scenes(scenarioIds: [story.scenario.id]).count, 0, "its scenes")
            try expectEqual(try await store.choices(ids: [story.ab.id, story.bc.id, into.id, outOf.id]).count, 0, "its choices")
            try expectEqual(try await store.progress(.scenario(story.scenario.id)).count, 0, "the progress on it")
            try expectEqual(try await store.assets(ids: [image.id, sound.id]).count, 2, "its assets, left to the host")

            try expectEqual(try await store.scenarios(.all).map(\.id), [other.scenario.id], "the other scenario")
            try expectEqual(try await store.scenes(scenarioIds: [other.scenario.id]).count, 3, "the other scenario's scenes")
            try expectEqual(
                Set(try await store.choices(fromSceneIds: [other.a.id, other.b.id]).map(\.id)), [other.ab.id, other.bc.id],
                "the other scenario's own choices")
            try expectEqual(try await store.progress(.all).map(\.id), [onOther.id], "progress on the other scenario")
            try expectEqual(
                Set(try await store.assets(AssetFilter()).map(\.id)), [image.id, sound.id, unrelated.id, otherStorysMusic.id], "assets")
        },
        StoreConformanceCase("deleteAssetIfUnused deletes an asset no scene holds, and keeps (answering nil) one a scene holds") { store in
            let story = try await Story.insert(into: store)
            let used = Fixture.asset(.image, uploadedBy: ObjectId(), at: 1)
            let unused = Fixture.asset(.sound, uploadedBy: ObjectId(), at: 2)
            for asset in [used, unused] { try await store.insertAsset(asset) }
            try expect(try await store.attachAsset(used.id, to: .music, ofScene: story.b.id), "attach")
            try expectEqual(try await store.deleteAssetIfUnused(id: used.id), nil, "deleting an asset in use")
            try expectEqual(try await store.deleteAssetIfUnused(id: unused.id)?.id, unused.id, "deleting an unused asset")
            try expectEqual(try await store.deleteAssetIfUnused(id: unused.id), nil, "deleting it again")
            try expectEqual(try await store.assets(AssetFilter()).map(\.id), [used.id], "assets left")
            try expectEqual(try await store.scenes(ids: [story.b.id]).first?.musicId, used.id, "the slot")
        },
        StoreConformanceCase("a deleted scenario's scenes no longer hold their assets, so deleteAssetIfUnused takes those no other scene holds") { store in
            let story = try await Story.insert(into: store)
            let other = try await Story.insert(into: store)
            let own = Fixture.asset(.image, at: 1)
            let shared = Fixture.asset(.image, at: 2)
            for asset in [own, shared] { try await store.insertAsset(asset) }
            try expect(try await store.attachAsset(own.id, to: .image, ofScene: story.a.id), "attach own")
            try expect(try await store.attachAsset(shared.id, to: .image, ofScene: story.b.id), "attach shared here")
            try expect(try await store.attachAsset(shared.id, to: .image, ofScene: other.a.id), "and in the other scenario")
            let summary = try unwrap(try await store.deleteScenario(id: story.scenario.id), "the deletion summary")
            try expectEqual(summary.referencedAssetIds, [own.id, shared.id], "assets the scenes referenced")
            try expectEqual(try await store.deleteAssetIfUnused(id: shared.id), nil, "the shared asset")
            try expectEqual(try await store.deleteAssetIfUnused(id: own.id)?.id, own.id, "the asset only the deleted scenario used")
        },
        StoreConformanceCase("deleting a scenario without scenes removes just the scenario") { store in
            let scenario = Fixture.scenario()
            try await store.insertScenario(scenario)
            let summary = try unwrap(try await store.deleteScenario(id: scenario.id), "the deletion summary")
            try expectEqual(summary, DeletionSummary(scenes: 0, choices: 0, assets: []), "the summary")
            try expectEqual(try await store.scenarios(.all).count, 0, "scenarios left")
        },
    ]
}
