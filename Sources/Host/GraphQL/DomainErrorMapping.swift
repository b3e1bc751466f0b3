import Domain

/// The one table from a service's refusal to what a client sees, the same for every operation:
///
/// | `DomainError` | query | mutation |
/// |---|---|---|
/// | `forbidden(.signInRequired)` | error `Authentication required` | the same error |
/// | `forbidden(.notPermitted)` | error `You do not have permission to perform this action` | the same error |
/// | `notFound(what)` | error `<what> not found` (or `null` where the field is nullable and says so) | `success: false`, `message: "<what> not found"` |
/// | `invalid(field:reason:)` | error `<reason>` | `success: false`, `message: <reason>` |
/// | `conflict(text)` | error `<text>` | `success: false`, `message: <text>` |
/// | `unavailable(text)` | error `<text>` | the same error |
///
/// Who may not act is told by an error, whatever the operation; what the operation could not do
/// with its input is told in the payload, so that a client shows it next to the form.
extension APIError {
    init(_ error: DomainError) {
        switch error {
        case .forbidden(.signInRequired): self = .authenticationRequired
        case .forbidden(.notPermitted): self = .permissionDenied
        case .notFound(let what): self = .notFound(what)
        case .invalid(_, let reason): self = .invalidInput(reason)
        case .conflict(let text): self = .conflict(text)
        case .unavailable(let text): self = .unavailable(text)
        }
    }

    /// Whether a mutation reports this in its payload (`success: false`) rather than as a GraphQL error.
    var isReportedInPayload: Bool {
        switch self {
        case .notFound, .invalidInput, .conflict: true
        case .authenticationRequired, .permissionDenied, .tooManyAttempts, .unavailable, .internalFailure: false
        }
    }
}

extension APIContext {
    /// Runs a mutation, the whole resolver (decoding its ids included): refusals of the input
    /// (unknown ids, invalid values, conflicts) come back in the payload; authentication, permission
    /// and availability failures stay GraphQL errors (see the table above).
    func mutation<Payload: MutationPayload>(_ body: () async throws -> Payload) async throws -> Payload {
        do {
            return try await body()
        } catch {
            let apiError = APIError.from(error)
            // The original error goes on, so that an internal one is logged with its cause.
            guard apiError.isReportedInPayload else { throw error }
            return Payload.failure(apiError.message)
        }
    }
}
