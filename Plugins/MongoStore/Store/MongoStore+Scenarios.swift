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
            try db.scenarios.find(["_id": .anyOf(ids)], sort: .oldestFirst).decoded(Scenario.init(document:))
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
            try db.scenarios.find(query, sort: .oldestFirst).decoded(Scenario.init(document:))
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
    /// ids from any remaining scene's `choices`), its scenes, then the scenario; and once that is
    /// done (committed, on a replica set), the progress on it again: a `createProgress` that inserted
    /// after the first sweep is removed by the second, or finds the scenario gone itself (see
    /// ``insertProgress(_:)``).
    public func deleteScenario(id: ObjectId) async throws -> DeletionSummary? {
        let summary = try await deleteScenarioDocuments(id: id)
        if summary != nil {
            try await withDatabase { db in _ = try db.progress.deleteMany(["scenario_id": .objectId(id)]) }
        }
        return summary
    }

    private func deleteScenarioDocuments(id: ObjectId) async throws -> DeletionSummary? {
        try await inTransaction { db in
            guard try db.scenarios.findOne(.byId(id)) != nil else { return nil }
            let documents = try db.scenes.find(["scenario_id": .objectId(id)], sort: .byOrder)
            // Every scene of the scenario goes, also one whose `_id` is not an ObjectId (old or hand-made data).
            let sceneIds = documents.compactMap { $0["_id"] }
            let candidates = Array(Set(try documents.decoded(Scene.init(document:)).flatMap(\.assetIds)))
            try db.progress.deleteMany(["scenario_id": .objectId(id)])
            let choices = try Self.deleteChoices(touching: sceneIds, db)
            let deletedScenes = sceneIds.isEmpty ? 0 : try db.scenes.deleteMany(["_id": .anyOf(values: sceneIds)])
            try db.scenarios.deleteMany(.byId(id))
            return DeletionSummary(scenes: deletedScenes, choices: choices, referencedAssetIds: Set(candidates))
        }
    }

    /// Deletes the choices leaving or reaching these scenes (ids as stored, ObjectIds or not), then pulls
    /// their ids from the scenes' `choices` arrays; returns how many were deleted.
    static func deleteChoices(touching sceneIds: [BSONValue], _ db: MongoDatabase) throws -> Int {
        guard !sceneIds.isEmpty else { return 0 }
        let touching: BSONFields = [
            "$or": .array([
                .document(["from_scene_id": .anyOf(values: sceneIds)]), .document(["to_scene_id": .anyOf(values: sceneIds)]),
            ])
        ]
        let ids = try db.choices.find(touching, options: ["projection": .document(["_id": .int32(1)])]).compactMap { $0["_id"] }
        return try deleteChoices(ids: ids, db)
    }

    /// Deletes these choices, then pulls their ids from every scene's `choices`; returns how many existed.
    static func deleteChoices(ids: [BSONValue], _ db: MongoDatabase) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        let deleted = try db.choices.deleteMany(["_id": .anyOf(values: ids)])
        try db.scenes.updateMany(["choices": .anyOf(values: ids)], ["$pull": .document(["choices": .anyOf(values: ids)])])
        return deleted
    }
}
