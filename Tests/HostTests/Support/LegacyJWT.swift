import JWTKit

/// A payload shaped exactly as the old server's (integer `exp`, no `orig_iat`).
protocol JWTPayloadShim: JWTPayload {}
extension JWTPayloadShim {
    func verify(using _: some JWTAlgorithm) async throws {}
}
