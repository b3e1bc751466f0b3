import Protocols

/// Why a service refused or failed. Every service method throws this and nothing else (store and
/// storage errors are translated by ``DomainError/from(_:)``), so the GraphQL layer maps refusals to
/// clients in one table (`Sources/Host/GraphQL/DomainErrorMapping.swift`).
public enum DomainError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The thing asked for does not exist, or the viewer may not know that it does (`what` is e.g.
    /// `Scenario`, `Asset imageId`).
    case notFound(String)
    /// The viewer may not do this.
    case forbidden(Refusal)
    /// The input breaks a rule; `reason` is the sentence shown to the client and names the field.
    case invalid(field: String?, reason: String)
    /// The thing is not in a state that allows the change (it moved meanwhile, the story is paused…);
    /// the text says what to do.
    case conflict(String)
    /// A dependency (the store, the file storage) failed; the text is safe to show.
    case unavailable(String)

    /// Why a viewer is refused.
    public enum Refusal: Equatable, Sendable {
        /// Nobody is signed in (no token, or an invalid or revoked one).
        case signInRequired
        /// The signed-in viewer lacks the right.
        case notPermitted
    }

    /// An invalid input not tied to one field.
    public static func invalid(_ reason: String) -> DomainError { .invalid(field: nil, reason: reason) }

    public var description: String {
        switch self {
        case .notFound(let what): "\(what) not found"
        case .forbidden(.signInRequired): "Authentication required"
        case .forbidden(.notPermitted): "You do not have permission to perform this action"
        case .invalid(_, let reason): reason
        case .conflict(let text): text
        case .unavailable(let text): text
        }
    }

    /// What a port's error means to clients; a ``DomainError`` is returned as it is, and
    /// cancellation is kept as `CancellationError` by ``DomainError/translating(_:)``.
    public static func from(_ error: any Error) -> DomainError {
        switch error {
        case let error as DomainError:
            return error
        case let error as StoreError:
            switch error {
            case .notFound(let entity, _): return .notFound(entity)
            case .duplicate(let field, _):
                return field == "email"
                    ? .invalid(field: "email", reason: "A user with this email already exists")
                    : .invalid(field: field, reason: "This \(field) already exists")
            case .conflict(let entity, _): return .conflict("The \(entity) changed meanwhile: read it again")
            case .unavailable: return .unavailable("The database is unavailable, please retry later")
            }
        case let error as FileStorageError:
            switch error {
            case .invalidName(let name): return .invalid(field: nil, reason: "Invalid file name: \(name)")
            case .notFound: return .notFound("File")
            case .backend(let text): return .unavailable("File storage failed: \(text)")
            }
        case let error as JSONValueError:
            if case .invalid(let text) = error { return .invalid(text) }
            return .invalid("Invalid JSON")
        default:
            return .unavailable("Internal error")
        }
    }

    /// Runs `body`, translating what the ports throw (cancellation passes through unchanged).
    public static func translating<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw from(error)
        }
    }
}
