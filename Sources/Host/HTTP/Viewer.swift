import Foundation
import Hummingbird
import HTTPTypes
import NIOCore
import Protocols

/// Finds who sends a request: the user of a valid, unrevoked `Authorization: JWT <token>` (or
/// `Bearer`) header, and the client's address.
struct ViewerResolver: Sendable {
    let services: Services

    /// `nil` without a valid, unrevoked token. - Throws: `DomainError.unavailable` when the store
    /// cannot say whose token it is (the request is refused then, not run as anonymous).
    func user(for request: Request) async throws -> User? {
        guard let header = request.headers[.authorization] else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, ["jwt", "bearer"].contains(parts[0].lowercased()) else { return nil }
        guard let claims = await services.tokens.verify(String(parts[1])) else { return nil }
        return try await services.currentUser(for: claims)
    }

    /// The peer's address; when the peer is a trusted proxy, the client its `X-Forwarded-For` names
    /// (see ``ForwardedFor/client(in:trusted:)``).
    func clientAddress(for request: Request, peer: SocketAddress?) -> String? {
        let peerIP = peer?.ipAddress
        let trusted = services.settings.trustedProxies
        guard let peerIP, trusted.contains(peerIP) else { return peerIP }
        let header = request.headers[values: HTTPTypes.HTTPField.Name("X-Forwarded-For")!].joined(separator: ",")
        return ForwardedFor.client(in: header, trusted: trusted) ?? peerIP
    }
}
