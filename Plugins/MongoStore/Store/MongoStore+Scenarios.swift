import Protocols

/// `scenarios`, whose `scenes` array lists its scene ids in order of creation.
extension MongoStore {
    public func insertScenario(_ scenario: Scenario) async throws {
        try await withDatabase { db in
            try db.scenarios.insert(
                scenario.stored.insertDocument(id: .objectId(scenario.id), extra: ["scenes": .array([])]),
                duplicate: { _ in .duplicate(field: "id", value: scenario.id.hexString) })
        }
    }

    public func scenarios(ids: [ObjectId]) async throws -> [Scenario] {
        guard !ids.isEmpty else { return [] }
        return try await withDatabase { db in
            try db.scenarios.find(["_id": .anyOf(ids)], sort: .oldestFirst).map(Scenario.init(document:))
        }
    }

    public func scenarios(_ filter: ScenarioFilter) async throws -> [Scenario] {
        let query: BSONFields =
            switch filter {
            case .all: [:]
            case .published: ["is_published": .bool(true)]
            case .author(let authorId): ["author_id": .objectId(authorId)]
            case .visible(let userId):
                ["$or": .array([.document(["is_published": .bool(true)]), .document(["author_id": .objectId(userId)])])]
            }
        return try await withDatabase { db in
            try db.scenarios.find(query, sort: .oldestFirst).map(Scenario.init(document:))
        }
    }

    public func updateScenario(_ scenario: Scenario) async throws {
        try await withDatabase { db in
            guard try db.scenarios.updateOne(.byId(scenario.id), scenario.stored.update) > 0 else {
                throw StoreError.notFound(entity: "scenario", id: scenario.id)
            }
        }
    }

    /// Removes, in this order: progress on the scenario, the choices from and to its scenes (and their
    /// ids from any remaining scene's `choices`), its scenes, the assets they referenced (after clearing
    /// other scenes' slots), then the scenario.
    public func deleteScenario(id: ObjectId) async throws -> DeletionSummary? {
        try await inTransaction { db in
            guard try db.scenarios.exists(id) else { return nil }
            let scenes = try db.scenes.find(["scenario_id": .objectId(id)], sort: .byOrder).map(Scene.init(document:))
            let sceneIds = scenes.map(\.id)
            let assetIds = Array(Set(scenes.flatMap(\.assetIds)))
            try db.progress.deleteMany(["scenario_id": .objectId(id)])
            let choices = try Self.deleteChoices(touching: sceneIds, db)
            let deletedScenes = sceneIds.isEmpty ? 0 : try db.scenes.deleteMany(["_id": .anyOf(sceneIds)])
            let assets = try Self.deleteAssets(ids: assetIds, db)
            try db.scenarios.deleteMany(.byId(id))
            return DeletionSummary(scenes: deletedScenes, choices: choices, assets: assets)
        }
    }

    /// Deletes the choices leaving or reaching these scenes, then pulls their ids from the scenes'
    /// `choices` arrays; returns how many were deleted.
    static func deleteChoices(touching sceneIds: [ObjectId], _ db: MongoDatabase) throws -> Int {
        guard !sceneIds.isEmpty else { return 0 }
        let touching: BSONFields = [
            "$or": .array([
                .document(["from_scene_id": .anyOf(sceneIds)]), .document(["to_scene_id": .anyOf(sceneIds)]),
            ])
        ]
        let ids = try db.choices.find(touching, options: ["projection": .document(["_id": .int32(1)])]).compactMap(\.id)
        return try deleteChoices(ids: ids, db)
    }

    /// Deletes these choices, then pulls their ids from every scene's `choices`; returns how many existed.
    static func deleteChoices(ids: [ObjectId], _ db: MongoDatabase) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let deleted = try db.choices.deleteMany(["_id": .anyOf(ids)])
        try db.scenes.updateMany(["choices": .anyOf(ids)], ["$pull": .document(["choices": .anyOf(ids)])])
        return deleted
    }
}
