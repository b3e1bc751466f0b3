import Domain
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

    /// Maps any error to what a client may see. Store and storage failures become a generic message.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as DomainError:
            return APIError(error)
        case is StoreError, is FileStorageError, is JSONValueError:
            // What the ports throw means the same here as in the services.
            return APIError(DomainError.from(error))
        case is DecodingError:
            return .invalidInput("Invalid input")
        case is CancellationError:
            return .unavailable("The request was cancelled")
        default:
            return .internalFailure
        }
    }
}
