import Foundation

/// One step a player took: the scene reached and, unless it was the first, the choice taken.
public struct HistoryEntry: Hashable, Codable, Sendable {
    public var sceneId: ObjectId
    public var choiceId: ObjectId?
    public var timestamp: Date
    public var metadata: JSONValue
    /// The story variables after this step, kept where the step changed them (and on a first step
    /// that starts with declared variables); `nil` where they are as after the step before. Going
    /// back to a step restores the last of these at or before it.
    public var vars: JSONValue?

    public init(
        sceneId: ObjectId, choiceId: ObjectId? = nil, timestamp: Date = Date(), metadata: JSONValue = .emptyObject,
        vars: JSONValue? = nil
    ) {
        self.sceneId = sceneId
        self.choiceId = choiceId
        self.timestamp = timestamp
        self.metadata = metadata
        self.vars = vars
    }
}

/// A player's run through one scenario.
public struct PlayerProgress: Hashable, Codable, Sendable, Identifiable {
    public var id: ObjectId
    public var userId: ObjectId
    public var scenarioId: ObjectId
    public var currentSceneId: ObjectId
    public var history: [HistoryEntry]
    public var isCompleted: Bool
    public var completedAt: Date?
    /// Seconds spent playing, as reported by the client.
    public var totalTimeSpent: Int
    /// The story variables now, name → value: a JSON object, `{}` for records written before it existed.
    public var vars: JSONValue
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), userId: ObjectId, scenarioId: ObjectId, currentSceneId: ObjectId,
        history: [HistoryEntry] = [], isCompleted: Bool = false, completedAt: Date? = nil,
        totalTimeSpent: Int = 0, vars: JSONValue = .emptyObject, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.userId = userId
        self.scenarioId = scenarioId
        self.currentSceneId = currentSceneId
        self.history = history
        self.isCompleted = isCompleted
        self.completedAt = completedAt
        self.totalTimeSpent = totalTimeSpent
        self.vars = vars
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// What changes when a player moves on: an entry appended to the history and the state it leads to.
public struct ProgressStep: Hashable, Sendable {
    public var entry: HistoryEntry
    public var isCompleted: Bool
    public var completedAt: Date?
    /// The record's story variables after the step; `nil` leaves them as they are.
    public var vars: JSONValue?
    /// With a conditional append, the history length the record must still have: the move was
    /// decided on the state read at that length (conditions read visit counts and variables), so a
    /// concurrent move, even one that came back to the same scene, makes it stale. `nil` checks only
    /// the current scene.
    public var expectedHistoryCount: Int?

    public init(
        entry: HistoryEntry, isCompleted: Bool, completedAt: Date?, vars: JSONValue? = nil,
        expectedHistoryCount: Int? = nil
    ) {
        self.entry = entry
        self.isCompleted = isCompleted
        self.completedAt = completedAt
        self.vars = vars
        self.expectedHistoryCount = expectedHistoryCount
    }
}

/// What a conditional progress write expects to find: the record's `updatedAt` (to the millisecond,
/// as stores keep it) and the length of its history. Every write changes one of them: an appended
/// step lengthens the history; a replacement sets a later `updatedAt` (see ``PlayerProgress/nextUpdate(after:)``).
public struct ProgressVersion: Hashable, Sendable {
    public var updatedAt: Date
    public var historyCount: Int

    public init(updatedAt: Date, historyCount: Int) {
        self.updatedAt = updatedAt
        self.historyCount = historyCount
    }
}

extension PlayerProgress {
    /// The version a conditional write of this record, as read, expects.
    public var version: ProgressVersion { ProgressVersion(updatedAt: updatedAt, historyCount: history.count) }

    /// The `updatedAt` of a replacement made at `now`: at least a millisecond after the read one, so
    /// that two replacements in one millisecond are still two versions.
    public static func nextUpdate(after previous: Date, now: Date = Date()) -> Date {
        max(now, previous.addingTimeInterval(0.001))
    }
}
