import CMongoC
import Protocols

/// An error reported by libmongoc (`bson_error_t`), kept inside the plugin; the store turns
/// it into a ``StoreError`` at its boundary.
struct MongoError: Error, CustomStringConvertible, Sendable {
    /// libmongoc's error domain (`MONGOC_ERROR_*`).
    var domain: UInt32
    /// The server's error code for server errors (e.g. 11000, duplicate key), else libmongoc's.
    var code: UInt32
    var message: String
    /// The error labels the server (or libmongoc) attached to the reply, among ``MongoError/knownLabels``.
    var labels: Set<String>

    init(domain: UInt32, code: UInt32, message: String, labels: Set<String> = []) {
        self.domain = domain
        self.code = code
        self.message = message
        self.labels = labels
    }

    /// The error of a failed call; `reply`, when the call has one, is read for error labels.
    init(_ error: bson_error_t, reply: OpaquePointer? = nil) {
        var copy = error
        domain = error.domain
        code = error.code
        message = withUnsafeBytes(of: &copy.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        labels = reply.map(Self.labels(in:)) ?? []
    }

    /// The labels the transaction logic acts on.
    static let transientTransactionError = "TransientTransactionError"
    static let unknownTransactionCommitResult = "UnknownTransactionCommitResult"
    static let knownLabels = [transientTransactionError, unknownTransactionCommitResult, "RetryableWriteError"]

    /// The known labels present in a reply document (`mongoc_error_has_label`).
    static func labels(in reply: OpaquePointer) -> Set<String> {
        Set(knownLabels.filter { mongoc_error_has_label(reply, $0) })
    }

    func hasLabel(_ label: String) -> Bool { labels.contains(label) }

    /// A duplicate key in a unique index.
    var isDuplicateKey: Bool { code == 11000 || code == 11001 }

    /// Server selection or the network failed: the deployment is not reachable.
    var isUnreachable: Bool {
        domain == MONGOC_ERROR_SERVER_SELECTION.rawValue || domain == MONGOC_ERROR_STREAM.rawValue
    }

    var description: String { "MongoDB error \(domain).\(code): \(message)" }
}

/// Runs a libmongoc call that reports failure through a `bson_error_t` and a `false` result.
func mongoCall(_ body: (UnsafeMutablePointer<bson_error_t>) -> Bool) throws(MongoError) {
    var error = bson_error_t()
    if !body(&error) { throw MongoError(error) }
}

/// As ``mongoCall(_:)`` for a call that fills `reply`: a failure carries the reply's error labels.
func mongoCall(reply: OpaquePointer, _ body: (UnsafeMutablePointer<bson_error_t>) -> Bool) throws(MongoError) {
    var error = bson_error_t()
    if !body(&error) { throw MongoError(error, reply: reply) }
}

extension StoreError {
    /// A driver error as the store port reports it.
    static func wrapping(_ error: any Error) -> StoreError {
        switch error {
        case let error as StoreError: return error
        case let error as MongoError: return .unavailable(error.message)
        default: return .unavailable(String(describing: error))
        }
    }
}
