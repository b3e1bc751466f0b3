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
    /// player already has one for that scenario.
    func insertProgress(_ progress: PlayerProgress) async throws
    /// The progress records with these ids; unknown ids are skipped.
    func progress(ids: [ObjectId]) async throws -> [PlayerProgress]
    /// The records the filter selects, oldest first.
    func progress(_ filter: ProgressFilter) async throws -> [PlayerProgress]
    /// Appends one step atomically (no read-modify-write, so concurrent appends all land), moves
    /// `currentSceneId` to the entry's scene and sets completion. Returns the updated record.
    /// - Throws: `notFound`.
    func appendStep(_ step: ProgressStep, toProgress id: ObjectId, at date: Date) async throws -> PlayerProgress
    /// Replaces a progress record (history included). - Throws: `notFound`.
    func updateProgress(_ progress: PlayerProgress) async throws
    /// `false` when there was no such record.
    func deleteProgress(id: ObjectId) async throws -> Bool
}
