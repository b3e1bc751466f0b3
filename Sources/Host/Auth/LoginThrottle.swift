import Foundation
import Protocols

/// Limits login attempts, in the store so that every server process sharing it spends one budget.
///
/// An attempt counts against three budgets of one window (`LOGIN_WINDOW_SECONDS`):
/// - the (email, client address) pair, tight (`LOGIN_MAX_ATTEMPTS`): guesses at one account from one place;
/// - the email from every address (`LOGIN_MAX_ATTEMPTS_PER_EMAIL`): guesses spread over many addresses;
/// - the client address for every email (`LOGIN_MAX_ATTEMPTS_PER_ADDRESS`): one place trying many accounts.
///
/// Someone exhausting the pair budget from another address does not lock the user out at their own
/// address; only the looser per-email budget is shared. The attempt is reserved in the store,
/// atomically, *before* the password is checked, so concurrent guesses cannot all pass a check made
/// before any of them failed. A login that succeeds gives its attempt back: the budgets count failed
/// attempts, and those whose password is being checked.
struct LoginThrottle: Sendable {
    var perPair: Int
    var perEmail: Int
    var perAddress: Int
    var window: TimeInterval

    init(limits: RequestLimits) {
        perPair = limits.maxLoginAttempts
        perEmail = limits.maxLoginAttemptsPerEmail
        perAddress = limits.maxLoginAttemptsPerAddress
        window = TimeInterval(limits.loginWindowSeconds)
    }

    /// The keys of an attempt for `email` (normalised) from `address`, tightest budget first.
    /// A request without a known address (no socket, as in router tests) counts as address `unknown`.
    /// Overlong values are cut: no real email or address is that long, and the key stays small.
    func limits(email: String, address: String?) -> [LoginLimit] {
        let email = String(email.prefix(320))
        let address = String((address ?? "unknown").prefix(100))
        return [
            LoginLimit(key: "pair:\(address)|\(email)", maxAttempts: perPair),
            LoginLimit(key: "email:\(email)", maxAttempts: perEmail),
            LoginLimit(key: "address:\(address)", maxAttempts: perAddress),
        ]
    }

    /// Reserves one attempt before the password is checked.
    /// - Throws: ``APIError/tooManyAttempts(retryAfterSeconds:)`` when a budget is spent (nothing is
    ///   counted then), or the store's error.
    func reserve(
        email: String, address: String?, in store: any LoginAttemptStore, now: Date = Date()
    ) async throws -> ReservedLoginAttempt {
        let limits = limits(email: email, address: address)
        switch try await store.reserveLoginAttempt(limits, window: window, now: now) {
        case .granted:
            return ReservedLoginAttempt(limits: limits, store: store)
        case .refused(let until):
            throw APIError.tooManyAttempts(retryAfterSeconds: max(1, Int(until.timeIntervalSince(now).rounded(.up))))
        }
    }
}

/// An attempt counted by ``LoginThrottle/reserve(email:address:in:now:)``; it stays counted as a
/// failure unless ``succeeded(now:)`` is called.
struct ReservedLoginAttempt: Sendable {
    let limits: [LoginLimit]
    let store: any LoginAttemptStore

    /// The password was right: gives the attempt back to every budget, so that only failures spend
    /// them. A store failure here only leaves the attempt counted.
    func succeeded(now: Date = Date()) async {
        try? await store.releaseLoginAttempt(keys: limits.map(\.key), now: now)
    }
}
