/// Persistence of choices.
public protocol ChoiceStore: Sendable {
    /// Inserts a choice. - Throws: `notFound` when either scene does not exist.
    func insertChoice(_ choice: Choice) async throws
    /// The choices with these ids; unknown ids are skipped.
    func choices(ids: [ObjectId]) async throws -> [Choice]
    /// The choices leaving these scenes, ordered by `order`, then by creation.
    func choices(fromSceneIds: [ObjectId]) async throws -> [Choice]
    /// Replaces a choice. - Throws: `notFound` (also when the new target scene does not exist).
    func updateChoice(_ choice: Choice) async throws
    /// Deletes these choices in one transaction; returns how many existed.
    func deleteChoices(ids: [ObjectId]) async throws -> Int
}
