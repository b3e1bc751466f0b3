import Foundation

/// A lock taken only on the driver's threads (never across an `await`).
final class NSLockBox: @unchecked Sendable {
    private let lock = NSLock()

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
