import GraphQL
import Logging

/// Holds the compiled path to the general executor (`GRAPHQL_DIFFERENTIAL=true`, which the test
/// suite runs with): for the same request, `data` must be the same bytes and the errors the same
/// set of bytes (the executor resolves sibling fields concurrently, so its errors come in any order).
enum DifferentialCheck {
    /// `nil` when both answers agree, else what differs.
    static func difference(compiled data: [UInt8], _ errors: [GraphQLError], reference: GraphQLResult) -> String? {
        var expected = JSONWriter()
        if let referenceData = reference.data { expected.map(referenceData) } else { expected.null() }
        let compiledErrors = errors.map(encoded).sorted(by: precedes)
        let referenceErrors = reference.errors.map(encoded).sorted(by: precedes)
        if data != expected.bytes {
            return "data \(text(data)) but the executor's \(text(expected.bytes))"
        }
        if compiledErrors != referenceErrors {
            return "errors \(compiledErrors.map(text)) but the executor's \(referenceErrors.map(text))"
        }
        return nil
    }

    /// The compiled response when both agree; otherwise an error response naming the difference
    /// (logged too), so that the test that sent the query fails.
    static func checked(
        _ response: EncodedResponse, data: [UInt8], _ errors: [GraphQLError], reference: GraphQLResult,
        query: String, logger: Logger
    ) -> EncodedResponse {
        guard let mismatch = difference(compiled: data, errors, reference: reference) else { return response }
        logger.error("differential check failed for \(query): \(mismatch)")
        return EncodedResponse(errors: [GraphQLError(message: "Differential check failed: \(mismatch)")])
    }

    private static func encoded(_ error: GraphQLError) -> [UInt8] {
        var writer = JSONWriter(capacity: 256)
        writer.error(error)
        return writer.bytes
    }

    private static func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    private static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }
}
