import Logging

/// Turns an error into the text a client may see: the one place where errors become messages.
///
/// Refusals (``APIError``) keep their text; input decoding errors are said in plain words
/// (``InputErrorText``); store and storage outages are logged and answered with a safe sentence;
/// anything else is a fault of the server, logged in full with the request id and answered as
/// `Internal error (request id …)`, so that an operator can find the log line and a client learns
/// nothing of paths, types or libraries.
struct InternalErrorReporter: Sendable {
    let logger: Logger

    /// The id Hummingbird gives each request (`hb.request.id` in its log lines); `nil` outside a request.
    var requestId: String? {
        logger[metadataKey: "hb.request.id"].map { "\($0)" }
    }

    func publicMessage(_ error: any Error) -> String {
        if let decoding = error as? DecodingError { return InputErrorText.describe(decoding) }
        let apiError = APIError.from(error)
        switch apiError {
        case .internalFailure:
            return report(error)
        case .unavailable where !(error is APIError):
            logger.error("request failed: \(String(reflecting: error))")
            return apiError.message
        default:
            return apiError.message
        }
    }

    /// Logs `error` in full and answers the client's message for it.
    func report(_ error: any Error) -> String {
        logger.error("internal error: \(String(reflecting: error))")
        return requestId.map { "Internal error (request id \($0))" } ?? "Internal error"
    }
}
