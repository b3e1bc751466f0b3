import Protocols

/// `choices`; each choice's id is also in its from-scene's `choices`.
extension MongoStore {
    public func insertChoice(_ choice: Choice) async throws {
        try await inTransaction { db in
            try Self.requireScenes(of: choice, db)
            try db.choices.insert(
                choice.stored.insertDocument(id: .objectId(choice.id)),
                duplicate: { _ in .duplicate(field: "id", value: choice.id.hexString) })
            try db.scenes.addToArray("choices", choice.id, of: choice.fromSceneId)
        }
    }

    public func choices(ids: [ObjectId]) async throws -> [Choice] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.choices.find(["_id": .anyOf(ids)], sort: .byOrder).decoded(Choice.init(document:))
        }
    }

    public func choices(fromSceneIds: [ObjectId]) async throws -> [Choice] {
        guard !fromSceneIds.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.choices.find(["from_scene_id": .anyOf(fromSceneIds)], sort: .byOrder).decoded(Choice.init(document:))
        }
    }

    /// Replaces the choice; a new from-scene moves its id between the scenes' `choices` arrays.
    public func updateChoice(_ choice: Choice) async throws {
        try await inTransaction { db in
            guard try db.choices.exists(choice.id) else { throw StoreError.notFound(entity: "choice", id: choice.id) }
            try Self.requireScenes(of: choice, db)
            guard let old = try db.choices.findAndModify(.byId(choice.id), update: choice.stored.update, returnNew: false)
            else { throw StoreError.notFound(entity: "choice", id: choice.id) }
            if let oldScene = old.objectId("from_scene_id"), oldScene != choice.fromSceneId {
                try db.scenes.addToArray("choices", choice.id, of: choice.fromSceneId)
                try db.scenes.pullFromArray("choices", choice.id, of: oldScene)
            }
        }
    }

    public func deleteChoices(ids: [ObjectId]) async throws -> Int {
        guard !ids.isEmpty else { return 0 }
        return try await inTransaction { db in try Self.deleteChoices(ids: ids.map(BSONValue.objectId), db) }
    }

    private static func requireScenes(of choice: Choice, _ db: MongoDatabase) throws {
        for sceneId in [choice.fromSceneId, choice.toSceneId] where try !db.scenes.exists(sceneId) {
            throw StoreError.notFound(entity: "scene", id: sceneId)
        }
    }
}
