import Foundation

/// Limits failed logins per email and per client address within a sliding window.
/// Kept in memory: each server process counts its own attempts.
actor LoginThrottle {
    private let maxAttempts: Int
    private let window: TimeInterval
    private var failures: [String: [Date]] = [:]

    init(maxAttempts: Int, windowSeconds: Int) {
        self.maxAttempts = maxAttempts
        self.window = TimeInterval(windowSeconds)
    }

    /// Throws ``APIError/tooManyAttempts(retryAfterSeconds:)`` while any of `keys` is over the limit.
    func check(_ keys: [String], now: Date = Date()) throws {
        for key in keys {
            let recent = prune(key, now: now)
            if recent.count >= maxAttempts, let oldest = recent.first {
                let wait = max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
                throw APIError.tooManyAttempts(retryAfterSeconds: wait)
            }
        }
    }

    func recordFailure(_ keys: [String], now: Date = Date()) {
        for key in keys { failures[key, default: []].append(now) }
        if failures.count > 100_000 { failures = failures.filter { !$0.value.isEmpty } }
    }

    func recordSuccess(_ keys: [String]) {
        for key in keys where key.hasPrefix("email:") { failures[key] = nil }
    }

    private func prune(_ key: String, now: Date) -> [Date] {
        let kept = (failures[key] ?? []).filter { now.timeIntervalSince($0) < window }
        failures[key] = kept.isEmpty ? nil : kept
        return kept
    }
}
