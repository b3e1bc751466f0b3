import Foundation
import Protocols

/// `LoginAttemptStore`: counters of login attempts per key and window, reserved atomically.
///
/// Times are taken from the clock (rounded to the millisecond) rather than the fixed timeline of
/// ``Fixture``: a TTL index would remove counters whose window ended years ago while the case runs.
enum LoginAttemptCases {
    static let window: TimeInterval = 60

    /// Now, to the millisecond.
    static func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1000).rounded(.down) / 1000)
    }

    static func reserve(
        _ store: any StoryStore, _ limits: [(String, Int)], at now: Date
    ) async throws -> LoginReservation {
        try await store.reserveLoginAttempt(limits.map { LoginLimit(key: $0.0, maxAttempts: $0.1) }, window: window, now: now)
    }

    static func granted(_ reservation: LoginReservation) -> Bool { reservation == .granted }

    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("a key grants its limit of attempts, then refuses until its window ends, then grants a new window") { store in
            let t0 = now()
            for attempt in 1...3 {
                try expectEqual(try await reserve(store, [("k", 3)], at: t0.addingTimeInterval(Double(attempt))), .granted, "attempt \(attempt)")
            }
            try expectSame(
                try await reserve(store, [("k", 3)], at: t0.addingTimeInterval(10)), .refused(until: t0.addingTimeInterval(window + 1)),
                "the fourth attempt, refused until the window opened by the first ends")
            try expect(!granted(try await reserve(store, [("k", 3)], at: t0.addingTimeInterval(window + 0.9))), "just before the window ends")
            let next = t0.addingTimeInterval(window + 1)
            for attempt in 1...3 {
                try expectEqual(try await reserve(store, [("k", 3)], at: next), .granted, "attempt \(attempt) of the new window")
            }
            try expectSame(
                try await reserve(store, [("k", 3)], at: next), .refused(until: next.addingTimeInterval(window)), "the new window is full")
        },
        StoreConformanceCase("keys count separately") { store in
            let t0 = now()
            try expectEqual(try await reserve(store, [("a", 1)], at: t0), .granted, "a")
            try expectEqual(try await reserve(store, [("b", 1)], at: t0), .granted, "b, although a is full")
            try expect(!granted(try await reserve(store, [("a", 1)], at: t0)), "a again")
        },
        StoreConformanceCase("a reservation refused by one key counts on none of its keys, and answers the latest end of the full keys") { store in
            let t0 = now()
            try expectEqual(try await reserve(store, [("pair-1", 1), ("email", 2)], at: t0), .granted, "first")
            try expectEqual(try await reserve(store, [("other", 1)], at: t0.addingTimeInterval(5)), .granted, "other")
            try expectSame(
                try await reserve(store, [("pair-1", 1), ("email", 2)], at: t0.addingTimeInterval(10)),
                .refused(until: t0.addingTimeInterval(window)), "pair-1 is full")
            // The refusal did not count on email: it has one attempt left.
            try expectEqual(try await reserve(store, [("pair-2", 1), ("email", 2)], at: t0.addingTimeInterval(10)), .granted, "pair-2")
            try expect(!granted(try await reserve(store, [("pair-3", 1), ("email", 2)], at: t0.addingTimeInterval(10))), "email is full")
            // Refused by email (a later key), pair-3 took its count back.
            try expectEqual(try await reserve(store, [("pair-3", 1)], at: t0.addingTimeInterval(10)), .granted, "pair-3 alone")
            try expectSame(
                try await reserve(store, [("email", 2), ("other", 1)], at: t0.addingTimeInterval(20)),
                .refused(until: t0.addingTimeInterval(window + 5)), "refused by both: until the later window ends")
        },
        StoreConformanceCase("releasing takes back one attempt per key; clearing forgets them all") { store in
            let t0 = now()
            for _ in 0..<2 { try expectEqual(try await reserve(store, [("a", 2), ("b", 5)], at: t0), .granted, "a and b") }
            try expect(!granted(try await reserve(store, [("a", 2)], at: t0)), "a is full")
            try await store.releaseLoginAttempt(keys: ["a", "never-counted"], now: t0)
            try expectEqual(try await reserve(store, [("a", 2)], at: t0), .granted, "a after one release")
            try expect(!granted(try await reserve(store, [("a", 2)], at: t0)), "a is full again")
            try await store.clearLoginAttempts(keys: ["a", "never-counted"])
            for _ in 0..<2 { try expectEqual(try await reserve(store, [("a", 2)], at: t0), .granted, "a after clearing") }
            // b still holds its two attempts: three more reach its limit of five.
            for _ in 0..<3 { try expectEqual(try await reserve(store, [("b", 5)], at: t0), .granted, "b") }
            try expect(!granted(try await reserve(store, [("b", 5)], at: t0)), "b is full")
        },
        StoreConformanceCase("of 40 concurrent reservations on keys with a limit of 5, exactly 5 are granted and only those count") { store in
            let t0 = now()
            let limits = [("pair", 5), ("email", 50), ("address", 100)]
            let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<40 { group.addTask { try await reserve(store, limits, at: t0) == .granted } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            try expectEqual(granted, 5, "granted reservations")
            // email counted 5 attempts: with a limit of 6 it has exactly one left.
            try expectEqual(try await reserve(store, [("email", 6)], at: t0), .granted, "the sixth attempt on email")
            try expect(!Self.granted(try await reserve(store, [("email", 6)], at: t0)), "the seventh attempt on email")
        },
        StoreConformanceCase("of 20 concurrent reservations sharing a later key with a limit of 5, exactly 5 are granted, and the others take back their first key") { store in
            let t0 = now()
            let outcomes = try await withThrowingTaskGroup(of: (Int, Bool).self) { group in
                for i in 0..<20 {
                    group.addTask { (i, try await reserve(store, [("pair-\(i)", 1), ("email", 5)], at: t0) == .granted) }
                }
                return try await group.reduce(into: [Int: Bool]()) { $0[$1.0] = $1.1 }
            }
            try expectEqual(outcomes.values.filter { $0 }.count, 5, "granted reservations")
            for (i, wasGranted) in outcomes {
                let again = try await reserve(store, [("pair-\(i)", 1)], at: t0)
                try expectEqual(granted(again), !wasGranted, "pair-\(i) (granted before: \(wasGranted))")
            }
        },
    ]
}
