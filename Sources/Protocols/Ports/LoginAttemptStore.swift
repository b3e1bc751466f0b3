import Foundation

/// One budget a login attempt counts against: a key (e.g. `pair:<email>|<address>`) and how many
/// attempts it allows in a window.
public struct LoginLimit: Hashable, Sendable {
    /// What is counted; the store treats it as an opaque string.
    public var key: String
    /// Attempts allowed in one window (at least 1).
    public var maxAttempts: Int

    public init(key: String, maxAttempts: Int) {
        self.key = key
        self.maxAttempts = maxAttempts
    }
}

/// The answer to a reservation.
public enum LoginReservation: Hashable, Sendable {
    /// The attempt was counted on every key: the caller may check the password.
    case granted
    /// A key has spent its budget; nothing was counted. No attempt is granted before `until`.
    case refused(until: Date)
}

/// Counters of login attempts, shared by every server process using the store, so that several
/// processes behind one load balancer spend one budget.
///
/// Each key counts attempts in a fixed window that opens with the key's first attempt and lasts
/// `window` seconds; when it has ended the next attempt opens a new one. Expired counters are
/// removed by the store (pruning, or a TTL index).
public protocol LoginAttemptStore: Sendable {
    /// Atomically counts one attempt on every key of `limits`, if each has counted fewer than its
    /// `maxAttempts` in its current window; otherwise counts nothing and answers when the keys that
    /// refused will have a new window. Concurrent reservations never grant more than a key's limit.
    ///
    /// A key's counter that was counted but is then refused by a later key may be taken back
    /// after the fact, so put the tightest limit first.
    func reserveLoginAttempt(_ limits: [LoginLimit], window: TimeInterval, now: Date) async throws -> LoginReservation
    /// Takes back one counted attempt on each key (e.g. a login that succeeded is no failure).
    /// A key at zero, or whose window ended, is left alone.
    func releaseLoginAttempt(keys: [String], now: Date) async throws
    /// Forgets every attempt counted on these keys.
    func clearLoginAttempts(keys: [String]) async throws
}
