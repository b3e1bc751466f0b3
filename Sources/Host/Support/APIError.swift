import Protocols

/// A refusal or failure shown to API clients. Every error a resolver throws is turned into one of
/// these by ``APIError/from(_:)``, in one place, so that clients never see internal details.
enum APIError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No token, or a bad or expired one, on an operation that needs a user.
    case authenticationRequired
    /// The user is known but may not do this.
    case permissionDenied
    /// The thing asked for does not exist (or is not visible to the user).
    case notFound(String)
    /// The input is wrong; the text names the problem.
    case invalidInput(String)
    /// The thing changed since the request read it, so the change was not made; the text says so.
    case conflict(String)
    /// Too many failed logins.
    case tooManyAttempts(retryAfterSeconds: Int)
    /// A dependency failed; the text is safe to show.
    case unavailable(String)
    /// A fault of the server itself: logged in full with the request id, answered as
    /// `Internal error (request id …)` so that nothing of the cause reaches the client.
    case internalFailure

    var description: String { message }

    /// The text clients see.
    var message: String {
        switch self {
        case .authenticationRequired: "Authentication required"
        case .permissionDenied: "You do not have permission to perform this action"
        case .notFound(let what): "\(what) not found"
        case .invalidInput(let text): text
        case .conflict(let text): text
        case .tooManyAttempts(let seconds): "Too many attempts, retry in \(seconds) s"
        case .unavailable(let text): text
        case .internalFailure: "Internal error"
        }
    }

    /// Whether a mutation reports this in its payload (`success: false`) rather than as a GraphQL error.
    var isReportedInPayload: Bool {
        switch self {
        case .notFound, .invalidInput, .conflict: true
        case .authenticationRequired, .permissionDenied, .tooManyAttempts, .unavailable, .internalFailure: false
        }
    }

    /// Maps any error to what a client may see. Store and storage failures become a generic message.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error {
            case .notFound(let entity, _): return .notFound(entity)
            case .duplicate(let field, _):
                return field == "email"
                    ? .invalidInput("A user with this email already exists")
                    : .invalidInput("This \(field) already exists")
            case .conflict(let entity, _): return .conflict("The \(entity) changed meanwhile: read it again")
            case .unavailable: return .unavailable("The database is unavailable, please retry later")
            }
        case let error as FileStorageError:
            switch error {
            case .invalidName(let name): return .invalidInput("Invalid file name: \(name)")
            case .notFound: return .notFound("File")
            case .backend(let text): return .unavailable("File storage failed: \(text)")
            }
        case let error as JSONValueError:
            if case .invalid(let text) = error { return .invalidInput(text) }
            return .invalidInput("Invalid JSON")
        case is DecodingError:
            return .invalidInput("Invalid input")
        case is CancellationError:
            return .unavailable("The request was cancelled")
        default:
            return .internalFailure
        }
    }
}
