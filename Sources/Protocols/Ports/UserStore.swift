/// Persistence of accounts. Emails are unique regardless of case.
public protocol UserStore: Sendable {
    /// Inserts a user. - Throws: ``StoreError/duplicate(field:value:)`` when the email is taken.
    func insertUser(_ user: User) async throws
    /// The users with these ids, in no particular order; unknown ids are skipped.
    func users(ids: [ObjectId]) async throws -> [User]
    /// The user with this email, compared case-insensitively.
    func user(email: String) async throws -> User?
    /// Every user, oldest first.
    func allUsers() async throws -> [User]
    /// Replaces a user, except that the stored ``User/tokenVersion`` only rises: it becomes the larger of
    /// the stored one and the given one, in the same atomic write, so an update made from a stale read
    /// never brings revoked tokens back. - Throws: `notFound`, or `duplicate` when the new email is taken.
    func updateUser(_ user: User) async throws
    /// Deletes a user and their progress; `false` when there was no such user.
    func deleteUser(id: ObjectId) async throws -> Bool
}
