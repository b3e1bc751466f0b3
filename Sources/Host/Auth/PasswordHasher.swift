import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing, run on NIO's blocking thread pool so that it never stalls the event loop or
/// Swift's cooperative pool. Verifies `$2a$`, `$2b$` (Python's bcrypt) and `$2y$` hashes.
struct PasswordHasher: Sendable {
    var cost: UInt8

    init(cost: UInt8 = 12) {
        self.cost = cost
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, against hash: String) async throws -> Bool {
        guard hash.hasPrefix("$2") else { return false }
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}
