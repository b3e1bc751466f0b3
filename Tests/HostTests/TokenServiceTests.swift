import Foundation
import Protocols
import Testing

@testable import Host

/// Tokens are checked once (signature, decoding) and then kept, but a kept token still expires.
@Suite("Token service")
struct TokenServiceTests {
    let user = User(email: "t@example.com", passwordHash: "-", role: .player)

    @Test("a token seen before is answered from the kept claims, and refused once its expiry passes")
    func keptTokensExpire() async throws {
        let tokens = await TokenService(secret: String(repeating: "s", count: 40), lifetime: 3600, refreshLifetime: 60)
        // Issued as if 3599 s ago: it expires within the next second.
        let (token, claims) = try await tokens.issue(for: user, now: Date().addingTimeInterval(-3599))
        #expect(await tokens.verify(token) == claims)
        #expect(await tokens.verify(token) == claims)  // kept
        try await Task.sleep(for: .milliseconds(1100))
        #expect(await tokens.verify(token) == nil)
    }

    @Test("a token with a bad signature is refused every time, and is not kept")
    func badSignature() async throws {
        let tokens = await TokenService(secret: String(repeating: "s", count: 40), lifetime: 3600, refreshLifetime: 60)
        let other = await TokenService(secret: String(repeating: "o", count: 40), lifetime: 3600, refreshLifetime: 60)
        let (foreign, _) = try await other.issue(for: user)
        #expect(await tokens.verify(foreign) == nil)
        #expect(await tokens.verify(foreign) == nil)
        let (own, claims) = try await tokens.issue(for: user)
        #expect(await tokens.verify(own) == claims)
    }
}
