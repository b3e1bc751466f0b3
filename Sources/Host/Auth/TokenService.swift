import Foundation
import JWTKit
import Protocols

/// The claims of our tokens: those of the former server (`user_id`, `email`, `role`, `exp`) plus
/// `orig_iat`, the time of the first login, which bounds refreshes (as django-graphql-jwt did), and
/// `ver`, the user's ``User/tokenVersion`` when it was issued (absent from the former server's tokens,
/// which count as version 0).
struct TokenClaims: JWTPayload, Equatable {
    var userId: String
    var email: String
    var role: String
    var exp: ExpirationClaim
    var origIat: Int?
    var ver: Int?

    enum CodingKeys: String, CodingKey {
        case userId = "user_id"
        case email, role, exp
        case origIat = "orig_iat"
        case ver
    }

    func verify(using _: some JWTAlgorithm) async throws {
        try exp.verifyNotExpired()
    }

    /// The claims as a JSON object (the `payload` of `tokenAuth` and `verifyToken`).
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "user_id": .string(userId), "email": .string(email), "role": .string(role),
            "exp": .int(Int(exp.value.timeIntervalSince1970)),
        ]
        if let origIat { members["orig_iat"] = .int(origIat) }
        if let ver { members["ver"] = .int(ver) }
        return .object(members)
    }
}

/// The same claims without the expiry check, to refresh an expired token within the refresh window.
private struct UncheckedClaims: JWTPayload {
    var claims: TokenClaims
    init(from decoder: any Decoder) throws { claims = try TokenClaims(from: decoder) }
    func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
    func verify(using _: some JWTAlgorithm) async throws {}
}

/// Signs and checks HS256 tokens with `SECRET_KEY`.
struct TokenService: Sendable {
    let keys: JWTKeyCollection
    let lifetime: TimeInterval
    let refreshLifetime: TimeInterval
    /// Tokens whose signature was checked, with their claims: a client sends the same token with
    /// every request, and checking it (parsing, HMAC, decoding, a hop to the key collection's actor)
    /// cost more than a small query. Bounded; only valid tokens enter it; the expiry is still
    /// checked at every use (whether the user still accepts the token is the store's to say,
    /// ``TokenRevocation``, on every request).
    private let verified = TextKeyedCache<TokenClaims>(maxEntries: 1024, maxBytes: 1_048_576)

    init(secret: String, lifetime: Int, refreshLifetime: Int) async {
        keys = JWTKeyCollection()
        await keys.add(hmac: HMACKey(from: secret), digestAlgorithm: .sha256)
        self.lifetime = TimeInterval(lifetime)
        self.refreshLifetime = TimeInterval(refreshLifetime)
    }

    /// A new token for `user`; `originalIssue` carries over the first login on refresh.
    func issue(for user: User, originalIssue: Int? = nil, now: Date = Date()) async throws -> (token: String, claims: TokenClaims) {
        let claims = TokenClaims(
            userId: user.id.hexString, email: user.email, role: user.role.rawValue,
            exp: ExpirationClaim(value: Date(timeIntervalSince1970: (now.timeIntervalSince1970 + lifetime).rounded(.down))),
            origIat: originalIssue ?? Int(now.timeIntervalSince1970), ver: user.tokenVersion)
        return (try await keys.sign(claims), claims)
    }

    /// The claims of a valid, unexpired token; `nil` for anything else.
    func verify(_ token: String) async -> TokenClaims? {
        if let claims = verified.value(for: token) {
            return (try? claims.exp.verifyNotExpired()) == nil ? nil : claims
        }
        guard let claims = try? await keys.verify(token, as: TokenClaims.self) else { return nil }
        verified.insert(claims, for: token)
        return claims
    }

    /// The claims of a correctly signed token that may be refreshed: expired or not, but issued
    /// (first login) less than the refresh lifetime ago.
    func claimsForRefresh(_ token: String, now: Date = Date()) async -> TokenClaims? {
        guard let claims = try? await keys.verify(token, as: UncheckedClaims.self).claims else { return nil }
        let origin = TimeInterval(claims.origIat ?? Int(claims.exp.value.timeIntervalSince1970 - lifetime))
        guard now.timeIntervalSince1970 < origin + refreshLifetime else { return nil }
        return claims
    }

    /// When a token first issued at `origIat` can no longer be refreshed (unix seconds).
    func refreshExpiresIn(origIat: Int?) -> Int {
        (origIat ?? Int(Date().timeIntervalSince1970)) + Int(refreshLifetime)
    }
}
