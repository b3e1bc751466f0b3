import Protocols

extension BatchLoader where Key == ObjectId {
    /// The object a stored reference points to, for the fields the old server declared non-null
    /// (`ScenarioType.authorId: UserType!`, …).
    ///
    /// - Parameters:
    ///   - what: the missing object's kind, as clients name it (`User`).
    ///   - field: the referring field and object, e.g. `authorId of scenario 65ab…`.
    /// - Throws: ``APIError/notFound(_:)`` naming the missing object and who refers to it, when the
    ///   stored data holds a dangling reference (the old server errored on such a field too).
    func required(_ key: ObjectId, _ what: String, referencedBy field: @autoclosure () -> String) async throws -> Value {
        guard let value = try await load(key) else {
            throw APIError.notFound("\(what) \(key.hexString) (\(field()))")
        }
        return value
    }
}
