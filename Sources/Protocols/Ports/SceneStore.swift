/// Persistence of scenes.
public protocol SceneStore: Sendable {
    /// Inserts a scene. - Throws: `notFound` when its scenario does not exist.
    func insertScene(_ scene: Scene) async throws
    /// The scenes with these ids; unknown ids are skipped.
    func scenes(ids: [ObjectId]) async throws -> [Scene]
    /// The scenes of these scenarios, ordered by `order`, then by creation.
    func scenes(scenarioIds: [ObjectId]) async throws -> [Scene]
    /// Writes a scene's fields, and of its media slots (`imageId`, `soundId`, `musicId`) only those in
    /// `slots`: a slot in `slots` gets the scene's value (`nil` clears it), a slot not in it keeps what
    /// is stored, so an asset ``attachAsset(_:to:ofScene:)`` put there after the caller read the scene
    /// stays. - Throws: `notFound`.
    func updateScene(_ scene: Scene, slots: Set<SceneSlot>) async throws
    /// Puts `assetId` into `slot` only if the slot is empty; `false` when it was taken or the scene is gone.
    func attachAsset(_ assetId: ObjectId, to slot: SceneSlot, ofScene sceneId: ObjectId) async throws -> Bool
    /// Deletes a scene and the choices from and to it, in one transaction; `nil` when there was no such scene.
    func deleteScene(id: ObjectId) async throws -> DeletionSummary?
}

extension SceneStore {
    /// Replaces a scene, every media slot included (see ``updateScene(_:slots:)``). - Throws: `notFound`.
    public func updateScene(_ scene: Scene) async throws {
        try await updateScene(scene, slots: Set(SceneSlot.allCases))
    }
}
