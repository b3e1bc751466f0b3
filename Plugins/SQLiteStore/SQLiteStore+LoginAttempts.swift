import Foundation
import GRDB
import Protocols

/// `login_attempts`: one counter per key and window. A reservation is one write transaction, and
/// SQLite lets one writer in at a time (across processes too), so concurrent reservations are
/// serialised and none sees a count another is about to change. Each reservation first deletes the
/// counters whose window ended.
extension SQLiteStore {
    public func reserveLoginAttempt(_ limits: [LoginLimit], window: TimeInterval, now: Date) async throws -> LoginReservation {
        let nowMs = Stored.date(now)
        let endsMs = Stored.date(now.addingTimeInterval(window))
        return try await write { db in
            try db.execute(sql: "DELETE FROM login_attempts WHERE expires_at <= ?", arguments: [nowMs])
            var refusedUntil: Int64?
            for limit in limits {
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT count, expires_at FROM login_attempts WHERE key = ?", arguments: [limit.key])
                else { continue }
                let count: Int = row["count"]
                let expires: Int64 = row["expires_at"]
                if count >= limit.maxAttempts { refusedUntil = max(refusedUntil ?? expires, expires) }
            }
            if let refusedUntil { return .refused(until: Date(timeIntervalSince1970: Double(refusedUntil) / 1000)) }
            for limit in limits {
                try db.execute(
                    sql: """
                        INSERT INTO login_attempts (key, count, expires_at) VALUES (?, 1, ?)
                        ON CONFLICT(key) DO UPDATE SET count = count + 1
                        """,
                    arguments: [limit.key, endsMs])
            }
            return .granted
        }
    }

    public func releaseLoginAttempt(keys: [String], now: Date) async throws {
        guard !keys.isEmpty else { return }
        let nowMs = Stored.date(now)
        try await write { db in
            for key in keys {
                try db.execute(
                    sql: "UPDATE login_attempts SET count = count - 1 WHERE key = ? AND count > 0 AND expires_at > ?",
                    arguments: [key, nowMs])
            }
        }
    }

    public func clearLoginAttempts(keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await write { db in
            for key in keys {
                try db.execute(sql: "DELETE FROM login_attempts WHERE key = ?", arguments: [key])
            }
        }
    }
}
