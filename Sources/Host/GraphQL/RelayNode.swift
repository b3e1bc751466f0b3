import Graphiti

/// The Relay `Node` interface: every object type has a global `id`.
protocol RelayNode: Sendable {
    var id: GraphID { get }
}

/// A mutation payload that can report a refusal as `{success: false, message}`.
protocol MutationPayload: Sendable {
    static func failure(_ message: String) -> Self
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
