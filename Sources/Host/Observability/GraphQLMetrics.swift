import Metrics
import Synchronization

/// What the GraphQL endpoint records: `graphql_request_duration_seconds{operation}` and
/// `graphql_errors_total{code}`.
///
/// The operation name is the client's, so it is bounded before it becomes a label: a name that is
/// not a GraphQL name of at most 64 characters counts as `invalid`, one sent without a name as
/// `anonymous`, and past ``maxOperationNames`` distinct names the rest count as `other`; a client
/// cannot grow the registry without bound by inventing names.
final class GraphQLMetrics: Sendable {
    static let maxOperationNames = 200
    private let seen = Mutex<Set<String>>([])

    /// The error codes counted: ``APIError``'s cases, plus what the executor refuses or stops.
    enum Code: String, CaseIterable, Sendable {
        case authenticationRequired = "authentication_required"
        case permissionDenied = "permission_denied"
        case notFound = "not_found"
        case invalidInput = "invalid_input"
        case conflict
        case tooManyAttempts = "too_many_attempts"
        case unavailable
        case `internal`
        /// Refused before execution: nesting, cost, aliases, syntax, definitions.
        case refused
        /// Refused by GraphQL validation or variable coercion.
        case validation
        case timeout
        case cancelled

        init(_ error: APIError) {
            switch error {
            case .authenticationRequired: self = .authenticationRequired
            case .permissionDenied: self = .permissionDenied
            case .notFound: self = .notFound
            case .invalidInput: self = .invalidInput
            case .conflict: self = .conflict
            case .tooManyAttempts: self = .tooManyAttempts
            case .unavailable: self = .unavailable
            case .internalFailure: self = .internal
            }
        }
    }

    /// The label for a client's operation name.
    func label(forOperation name: String?) -> String {
        guard let name, !name.isEmpty else { return "anonymous" }
        guard name.utf8.count <= 64, Self.isGraphQLName(name) else { return "invalid" }
        return seen.withLock { seen in
            if seen.contains(name) { return name }
            guard seen.count < Self.maxOperationNames else { return "other" }
            seen.insert(name)
            return name
        }
    }

    /// The timer of each operation label, made once (making one looks it up in the registry).
    private let timers = Mutex<[String: Metrics.Timer]>([:])

    func recordDuration(_ nanoseconds: Int64, operation: String?) {
        let label = label(forOperation: operation)
        let timer = timers.withLock { timers in
            if let timer = timers[label] { return timer }
            let timer = Metrics.Timer(label: "graphql_request_duration_seconds", dimensions: [("operation", label)])
            timers[label] = timer
            return timer
        }
        timer.recordNanoseconds(nanoseconds)
    }

    func recordError(_ code: Code) {
        Counter(label: "graphql_errors_total", dimensions: [("code", code.rawValue)]).increment()
    }

    private static func isGraphQLName(_ name: String) -> Bool {
        for (index, byte) in name.utf8.enumerated() {
            let letter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || byte == 95
            let digit = byte >= 48 && byte <= 57
            if !(letter || (digit && index > 0)) { return false }
        }
        return true
    }
}
