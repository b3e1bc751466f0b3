import Crypto
import Foundation

/// SHA-256 over data fed in pieces.
struct SHA256Stream {
    private var hasher = SHA256()

    mutating func update(_ data: Data) { hasher.update(data: data) }

    func hex() -> String { SigV4Signer.hex(hasher.finalize()) }
}
