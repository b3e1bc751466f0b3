/// Why a store refused or failed an operation. Stores throw these and nothing else
/// (their own errors are wrapped in ``unavailable(_:)``), so the host maps them in one place.
public enum StoreError: Error, Equatable, Sendable {
    /// No entity of that kind has that id.
    case notFound(entity: String, id: ObjectId)
    /// A unique value is already taken (`field` is e.g. `email`).
    case duplicate(field: String, value: String)
    /// The entity exists but no longer is in the state a conditional write expected (another write
    /// changed it since the caller read it); nothing was written. Read it again and decide anew.
    case conflict(entity: String, id: ObjectId)
    /// The store could not be reached or failed; the text is for logs, never for clients.
    case unavailable(String)
}
