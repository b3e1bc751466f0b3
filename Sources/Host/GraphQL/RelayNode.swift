import Graphiti

/// The Relay `Node` interface: every object type has a global `id`.
protocol RelayNode: Sendable {
    var id: GraphID { get }
}

/// A mutation payload that can report a refusal as `{success: false, message}`.
protocol MutationPayload: Sendable {
    static func failure(_ message: String) -> Self
}

extension APIContext {
    /// Runs a mutation body: refusals of the input (unknown ids, invalid values) come back in the
    /// payload; authentication and permission refusals stay GraphQL errors.
    func mutation<Payload: MutationPayload>(_ body: () async throws -> Payload) async throws -> Payload {
        do {
            return try await body()
        } catch {
            let apiError = APIError.from(error)
            guard apiError.isReportedInPayload else { throw apiError }
            return Payload.failure(apiError.message)
        }
    }
}

/// The payload of deletions: `{success, message}`, tagged with what is deleted (each tag has
/// its own GraphQL name: `DeleteScenario`, `DeleteChoices`, …).
struct DeletePayload<Deleted>: MutationPayload {
    var success: Bool
    var message: String

    static func failure(_ message: String) -> Self { Self(success: false, message: message) }

    /// The same answer under another deletion's name.
    func retagged<Other>() -> DeletePayload<Other> { DeletePayload<Other>(success: success, message: message) }

    /// The type under `name`.
    static func type(as name: String) -> Type<RootResolver, APIContext, Self> {
        Type(Self.self, as: name) {
            Field("success", at: \.success)
            Field("message", at: \.message)
        }
    }
}
