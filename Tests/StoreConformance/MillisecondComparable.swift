import Foundation
import Protocols

/// Values compared once their dates are rounded to the millisecond: stores keep dates to the
/// millisecond, so finer fractions are not expected back.
protocol MillisecondComparable: Equatable {
    var toMillisecond: Self { get }
}

extension Date {
    /// Milliseconds since 1970, rounded.
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
}

extension Date: MillisecondComparable {
    var toMillisecond: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
}

extension Optional: MillisecondComparable where Wrapped: MillisecondComparable {
    var toMillisecond: Wrapped? { map(\.toMillisecond) }
}

extension Array: MillisecondComparable where Element: MillisecondComparable {
    var toMillisecond: [Element] { map(\.toMillisecond) }
}

extension LoginReservation: MillisecondComparable {
    var toMillisecond: LoginReservation {
        if case .refused(let until) = self { return .refused(until: until.toMillisecond) }
        return self
    }
}

extension User: MillisecondComparable {
    var toMillisecond: User {
        var copy = self
        copy.createdAt = createdAt.toMillisecond
        copy.updatedAt = updatedAt.toMillisecond
        return copy
    }
}

extension Scenario: MillisecondComparable {
    var toMillisecond: Scenario {
        var copy = self
        copy.createdAt = createdAt.toMillisecond
        copy.updatedAt = updatedAt.toMillisecond
        return copy
    }
}

extension Scene: MillisecondComparable {
    var toMillisecond: Scene {
        var copy = self
        copy.createdAt = createdAt.toMillisecond
        copy.updatedAt = updatedAt.toMillisecond
        return copy
    }
}

extension Choice: MillisecondComparable {
    var toMillisecond: Choice {
        var copy = self
        copy.createdAt = createdAt.toMillisecond
        return copy
    }
}

extension HistoryEntry: MillisecondComparable {
    var toMillisecond: HistoryEntry {
        var copy = self
        copy.timestamp = timestamp.toMillisecond
        return copy
    }
}

extension PlayerProgress: MillisecondComparable {
    var toMillisecond: PlayerProgress {
        var copy = self
        copy.history = history.toMillisecond
        copy.completedAt = completedAt.toMillisecond
        copy.createdAt = createdAt.toMillisecond
        copy.updatedAt = updatedAt.toMillisecond
        return copy
    }
}

extension Asset: MillisecondComparable {
    var toMillisecond: Asset {
        var copy = self
        copy.createdAt = createdAt.toMillisecond
        copy.updatedAt = updatedAt.toMillisecond
        return copy
    }
}

extension GenerationJob: MillisecondComparable {
    var toMillisecond: GenerationJob {
        var copy = self
        copy.leaseExpiresAt = leaseExpiresAt.toMillisecond
        copy.runAfter = runAfter.toMillisecond
        copy.createdAt = createdAt.toMillisecond
        copy.updatedAt = updatedAt.toMillisecond
        return copy
    }
}
