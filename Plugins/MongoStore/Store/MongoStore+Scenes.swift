import Protocols

/// `scenes`, whose `choices` array lists the ids of the choices leaving it; each scene's id is also
/// in its scenario's `scenes`.
extension MongoStore {
    public func insertScene(_ scene: Scene) async throws {
        try await inTransaction { db in
            guard try db.scenarios.exists(scene.scenarioId) else {
                throw StoreError.notFound(entity: "scenario", id: scene.scenarioId)
            }
            try db.scenes.insert(
                scene.stored.insertDocument(id: .objectId(scene.id), extra: ["choices": .array([])]),
                duplicate: { _ in .duplicate(field: "id", value: scene.id.hexString) })
            try db.scenarios.addToArray("scenes", scene.id, of: scene.scenarioId)
        }
    }

    public func scenes(ids: [ObjectId]) async throws -> [Scene] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.scenes.find(["_id": .anyOf(ids)], sort: .byOrder).decoded(Scene.init(document:))
        }
    }

    public func scenes(scenarioIds: [ObjectId]) async throws -> [Scene] {
        guard !scenarioIds.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.scenes.find(["scenario_id": .anyOf(scenarioIds)], sort: .byOrder).decoded(Scene.init(document:))
        }
    }

    /// Sets the scene's fields (its `choices` array stays), of its media fields only those of `slots`;
    /// a move to another scenario moves its id between the scenarios' `scenes` arrays.
    public func updateScene(_ scene: Scene, slots: Set<SceneSlot>) async throws {
        var fields = scene.stored
        for slot in SceneSlot.allCases where !slots.contains(slot) {
            let field = Scene.field(of: slot)
            fields.set[field] = nil
            fields.unset.removeAll { $0 == field }
        }
        try await inTransaction { [fields] db in
            guard try db.scenes.exists(scene.id) else { throw StoreError.notFound(entity: "scene", id: scene.id) }
            guard try db.scenarios.exists(scene.scenarioId) else {
                throw StoreError.notFound(entity: "scenario", id: scene.scenarioId)
            }
            guard let old = try db.scenes.findAndModify(.byId(scene.id), update: fields.update, returnNew: false)
            else { throw StoreError.notFound(entity: "scene", id: scene.id) }
            if let oldScenario = old.objectId("scenario_id"), oldScenario != scene.scenarioId {
                try db.scenarios.addToArray("scenes", scene.id, of: scene.scenarioId)
                try db.scenarios.pullFromArray("scenes", scene.id, of: oldScenario)
            }
        }
    }

    public func attachAsset(_ assetId: ObjectId, to slot: SceneSlot, ofScene sceneId: ObjectId) async throws -> Bool {
        let field = Scene.field(of: slot)
        return try await withDatabase { db in
            // `{field: null}` matches a missing field as well as an explicit null.
            try db.scenes.updateOne(
                ["_id": .objectId(sceneId), field: .null], ["$set": .document([field: .objectId(assetId)])]) > 0
        }
    }

    /// Removes the choices from and to the scene (and their ids from the scenes' `choices`), then the
    /// scene's id from its scenario's `scenes`, then the scene.
    public func deleteScene(id: ObjectId) async throws -> DeletionSummary? {
        try await inTransaction { db in
            guard let scene = try db.scenes.findOne(.byId(id)) else { return nil }
            let choices = try Self.deleteChoices(touching: [.objectId(id)], db)
            if let scenarioId = scene.objectId("scenario_id") {
                try db.scenarios.pullFromArray("scenes", id, of: scenarioId)
            }
            let deleted = try db.scenes.deleteMany(.byId(id))
            return deleted > 0 ? DeletionSummary(scenes: deleted, choices: choices) : nil
        }
    }
}
