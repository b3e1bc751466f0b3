import Foundation

/// Which progress records a listing returns.
public enum ProgressFilter: Hashable, Sendable {
    case all
    case user(ObjectId)
    case scenario(ObjectId)
    case userAndScenario(ObjectId, ObjectId)
}

/// Persistence of players' progress.
public protocol ProgressStore: Sendable {
    /// Inserts a progress record. - Throws: `duplicate(field: "user_id,scenario_id", …)` when the
    /// player already has one for that scenario; `notFound(entity: "scenario", …)` when the scenario
    /// does not exist, also when it is being deleted meanwhile: a record never outlives its scenario.
    func insertProgress(_ progress: PlayerProgress) async throws
    /// The progress records with these ids; unknown ids are skipped.
    func progress(ids: [ObjectId]) async throws -> [PlayerProgress]
    /// The records the filter selects, oldest first.
    func progress(_ filter: ProgressFilter) async throws -> [PlayerProgress]
    /// Appends one step atomically (no read-modify-write, so concurrent appends all land), moves
    /// `currentSceneId` to the entry's scene and sets completion. Returns the updated record.
    ///
    /// With `expected` set, the append is conditional: it lands only if, at the moment of the write,
    /// the stored `currentSceneId` equals `expected` and the progress is not completed; the check and
    /// the write are one atomic operation, so of several concurrent appends from the same scene exactly
    /// one lands. With `expected` nil the append is unconditional.
    /// - Throws: `notFound` when there is no such progress; `conflict(entity: "progress", …)` when it
    ///   exists but the condition does not hold (nothing is written then).
    func appendStep(
        _ step: ProgressStep, toProgress id: ObjectId, at date: Date, ifCurrentScene expected: ObjectId?
    ) async throws -> PlayerProgress
    /// Replaces a progress record (history included). - Throws: `notFound`.
    ///
    /// Unconditional: a caller that read the record, changed it and writes it back erases what other
    /// writes did meanwhile. The host uses ``updateProgress(_:ifVersion:)``.
    func updateProgress(_ progress: PlayerProgress) async throws
    /// Replaces a progress record (history included) only if, at the moment of the write, it is still
    /// at version `expected` (its `updatedAt` and history length, see ``PlayerProgress/version``); the
    /// check and the write are one atomic operation, so of several writers that read one version at
    /// most one lands, and a step appended meanwhile is never erased.
    /// - Throws: `notFound` when there is no such progress; `conflict(entity: "progress", …)` when it
    ///   exists at another version (nothing is written then).
    func updateProgress(_ progress: PlayerProgress, ifVersion expected: ProgressVersion) async throws
    /// `false` when there was no such record.
    func deleteProgress(id: ObjectId) async throws -> Bool
}

extension ProgressStore {
    /// Appends one step unconditionally: ``appendStep(_:toProgress:at:ifCurrentScene:)`` with no
    /// expected scene. - Throws: `notFound`.
    public func appendStep(_ step: ProgressStep, toProgress id: ObjectId, at date: Date) async throws -> PlayerProgress {
        try await appendStep(step, toProgress: id, at: date, ifCurrentScene: nil)
    }
}
