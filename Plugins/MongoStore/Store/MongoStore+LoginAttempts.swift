import Foundation
import Protocols

/// `login_attempts`: one document per key, `{_id: key, count, expires_at}`, removed by a TTL index
/// once its window ended (and reset in place by the next attempt if the TTL monitor has not run yet).
///
/// Each key is counted with conditional single-document updates, which MongoDB applies atomically: the
/// increment's filter requires `count < max`, so concurrent reservations never take a key past its
/// limit. The keys of one reservation are counted in order without a transaction; when a later key
/// refuses, the earlier keys' counts are taken back (until then they may refuse others, never admit
/// too many).
extension MongoStore {
    public func reserveLoginAttempt(_ limits: [LoginLimit], window: TimeInterval, now: Date) async throws -> LoginReservation {
        let ends = now.addingTimeInterval(window)
        return try await withDatabase { db in
            let attempts = db.loginAttempts
            var counted: [String] = []
            for (position, limit) in limits.enumerated() {
                guard let until = try Self.count(limit, in: attempts, now: now, ends: ends) else {
                    counted.append(limit.key)
                    continue
                }
                try Self.takeBack(counted, in: attempts, now: now)
                var latest = until
                for other in limits[(position + 1)...] {
                    if let full = try Self.fullUntil(other, in: attempts, now: now) { latest = max(latest, full) }
                }
                return .refused(until: latest)
            }
            return .granted
        }
    }

    public func releaseLoginAttempt(keys: [String], now: Date) async throws {
        guard !keys.isEmpty else { return }
        try await withDatabase { db in try Self.takeBack(keys, in: db.loginAttempts, now: now) }
    }

    public func clearLoginAttempts(keys: [String]) async throws {
        guard !keys.isEmpty else { return }
        try await withDatabase { db in
            try db.loginAttempts.deleteMany(["_id": .anyOf(values: keys.map(BSONValue.string))])
        }
    }

    /// Counts one attempt on `limit.key`: `nil` when counted, else the end of the full window.
    private static func count(_ limit: LoginLimit, in attempts: MongoCollection, now: Date, ends: Date) throws -> Date? {
        let key = BSONValue.string(limit.key)
        for _ in 0..<10 {
            // An open window with room left.
            let open: BSONFields = [
                "_id": key, "count": .document(["$lt": .int(limit.maxAttempts)]), "expires_at": .document(["$gt": .date(now)]),
            ]
            if try attempts.updateOne(open, ["$inc": .document(["count": .int32(1)])]) > 0 { return nil }
            // A window that ended (the TTL monitor runs about once a minute): open a new one.
            let ended: BSONFields = ["_id": key, "expires_at": .document(["$not": .document(["$gt": .date(now)])])]
            let fresh: BSONFields = ["count": .int32(1), "expires_at": .date(ends)]
            if try attempts.updateOne(ended, ["$set": .document(fresh)]) > 0 { return nil }
            // No counter yet; a concurrent first attempt may create it first, then count again.
            if let until = try fullUntil(limit, in: attempts, now: now) { return until }
            guard try attempts.count(["_id": key]) == 0 else { continue }
            do {
                try attempts.insertOne(["_id": key, "count": .int32(1), "expires_at": .date(ends)])
                return nil
            } catch let error as MongoError where error.isDuplicateKey {
                continue
            }
        }
        throw StoreError.unavailable("the login attempt counter kept changing under concurrent writes")
    }

    /// When `limit.key` has spent its budget in an open window, the end of that window.
    private static func fullUntil(_ limit: LoginLimit, in attempts: MongoCollection, now: Date) throws -> Date? {
        guard let counter = try attempts.findOne(["_id": .string(limit.key)]),
            let count = counter.int("count"), count >= limit.maxAttempts,
            let expires = counter.date("expires_at"), expires > now
        else { return nil }
        return expires
    }

    /// Takes one attempt back from each key still counting in an open window.
    private static func takeBack(_ keys: [String], in attempts: MongoCollection, now: Date) throws {
        guard !keys.isEmpty else { return }
        try attempts.updateMany(
            [
                "_id": .anyOf(values: keys.map(BSONValue.string)), "count": .document(["$gt": .int32(0)]),
                "expires_at": .document(["$gt": .date(now)]),
            ],
            ["$inc": .document(["count": .int32(-1)])])
    }
}
