import Protocols

/// `AssetStore`: asset records, their filters and deletion.
enum AssetCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("an inserted asset reads back with its metadata") { store in
            let asset = Fixture.asset(
                .sound, uploadedBy: ObjectId(), isPublic: false,
                metadata: .object([
                    "storage_key": .string("sound/abc.mp3"), "duration": .double(12.75),
                    "tags": .array([.string("forêt"), .string("nuit")]), "source": .object(["model": .string("tts")]),
                ]))
            try await store.insertAsset(asset)
            try expectSame(try await store.assets(ids: [asset.id]), [asset], "assets(ids:)")
        },
        StoreConformanceCase("looking assets up by ids skips unknown ids") { store in
            let one = Fixture.asset(at: 1)
            let two = Fixture.asset(at: 2)
            try await store.insertAsset(one)
            try await store.insertAsset(two)
            let found = try await store.assets(ids: [two.id, ObjectId(), one.id])
            try expectEqual(Set(found.map(\.id)), [one.id, two.id], "assets(ids:)")
        },
        StoreConformanceCase("asset filters select by type, uploader and publicity, newest first") { store in
            let ada = ObjectId()
            let oldImage = Fixture.asset(.image, uploadedBy: ada, isPublic: true, at: 10)
            let newImage = Fixture.asset(.image, uploadedBy: nil, isPublic: false, at: 30)
            let sound = Fixture.asset(.sound, uploadedBy: ada, isPublic: false, at: 20)
            for a in [newImage, oldImage, sound] { try await store.insertAsset(a) }
            try expectEqual(try await store.assets(AssetFilter()).map(\.id), [newImage.id, sound.id, oldImage.id], "no filter")
            try expectEqual(try await store.assets(AssetFilter(type: .image)).map(\.id), [newImage.id, oldImage.id], "type")
            try expectEqual(
                try await store.assets(AssetFilter(uploadedBy: ada)).map(\.id), [sound.id, oldImage.id], "uploadedBy")
            try expectEqual(try await store.assets(AssetFilter(isPublic: true)).map(\.id), [oldImage.id], "isPublic")
            try expectEqual(
                try await store.assets(AssetFilter(type: .sound, uploadedBy: ada, isPublic: false)).map(\.id), [sound.id],
                "every criterion at once")
            try expectEqual(try await store.assets(AssetFilter(type: .video)).count, 0, "a type with no asset")
        },
        StoreConformanceCase("the visible-to filter shows public assets and the user's own private ones") { store in
            let me = ObjectId()
            let minePrivate = Fixture.asset(uploadedBy: me, isPublic: false, at: 1)
            let othersPublic = Fixture.asset(uploadedBy: ObjectId(), isPublic: true, at: 2)
            let othersPrivate = Fixture.asset(uploadedBy: ObjectId(), isPublic: false, at: 3)
            let nobodysPrivate = Fixture.asset(uploadedBy: nil, isPublic: false, at: 4)
            for a in [minePrivate, othersPublic, othersPrivate, nobodysPrivate] { try await store.insertAsset(a) }
            try expectEqual(
                try await store.assets(AssetFilter(visibleTo: me)).map(\.id), [othersPublic.id, minePrivate.id],
                "visibleTo")
            try expectEqual(
                try await store.assets(AssetFilter(type: .sound, visibleTo: me)).count, 0, "visibleTo with another type")
        },
        StoreConformanceCase("updating an asset replaces its fields") { store in
            var asset = Fixture.asset()
            try await store.insertAsset(asset)
            asset.name = "Renamed"
            asset.isPublic = false
            asset.metadata = .object(["width": .int(640), "height": .int(480)])
            asset.uploadedBy = ObjectId()
            asset.updatedAt = Fixture.time(77)
            try await store.updateAsset(asset)
            try expectSame(try await store.assets(ids: [asset.id]), [asset], "the updated asset")
        },
        StoreConformanceCase("updating an asset that does not exist throws notFound") { store in
            try await expectNotFound { try await store.updateAsset(Fixture.asset()) }
        },
        StoreConformanceCase("deleting an asset returns it and clears the scene slots that referenced it") { store in
            let story = try await Story.insert(into: store)
            let asset = Fixture.asset()
            let kept = Fixture.asset()
            try await store.insertAsset(asset)
            try await store.insertAsset(kept)
            var a = story.a
            a.imageId = asset.id
            a.musicId = kept.id
            try await store.updateScene(a)
            var b = story.b
            b.soundId = asset.id
            try await store.updateScene(b)
            let deleted = try await store.deleteAsset(id: asset.id)
            try expectSame(deleted, asset, "the deleted asset")
            try expectEqual(try await store.assets(ids: [asset.id]).count, 0, "the asset after deletion")
            let scenes = try await store.scenes(ids: [a.id, b.id])
            let sceneA = try unwrap(scenes.first { $0.id == a.id }, "scene A")
            let sceneB = try unwrap(scenes.first { $0.id == b.id }, "scene B")
            try expectEqual(sceneA.imageId, nil, "scene A's image slot")
            try expectEqual(sceneA.musicId, kept.id, "scene A's music slot (another asset)")
            try expectEqual(sceneB.soundId, nil, "scene B's sound slot")
        },
        StoreConformanceCase("deleting an asset that does not exist answers nil") { store in
            try expect(try await store.deleteAsset(id: ObjectId()) == nil, "deleteAsset of a missing id must answer nil")
        },
        StoreConformanceCase("file references: the storage_key strings of metadata, every file name and every URL") { store in
            let assets = [
                Fixture.asset(metadata: .object(["storage_key": .string("image/a.png")])),
                Fixture.asset(metadata: .object(["storage_key": .string("sound/b.mp3"), "x": .int(1)])),
                Fixture.asset(metadata: .object(["storage_key": .int(3)])),
                Fixture.asset(metadata: .object(["other": .string("image/c.png")])),
                Fixture.asset(metadata: .emptyObject),
            ]
            for asset in assets { try await store.insertAsset(asset) }
            let references = try await store.fileReferences()
            try expectEqual(references.storageKeys, ["image/a.png", "sound/b.mp3"], "storage keys")
            try expectEqual(references.fileNames, Set(assets.map(\.filename)), "file names")
            try expectEqual(references.urls, Set(assets.map(\.url)), "URLs")
        },
    ]
}
