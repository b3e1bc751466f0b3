import Foundation

/// One step a player took: the scene reached and, unless it was the first, the choice taken.
public struct HistoryEntry: Hashable, Codable, Sendable {
    public var sceneId: ObjectId
    public var choiceId: ObjectId?
    public var timestamp: Date
    public var metadata: JSONValue

    public init(sceneId: ObjectId, choiceId: ObjectId? = nil, timestamp: Date = Date(), metadata: JSONValue = .emptyObject) {
        self.sceneId = sceneId
        self.choiceId = choiceId
        self.timestamp = timestamp
        self.metadata = metadata
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
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: ObjectId = ObjectId(), userId: ObjectId, scenarioId: ObjectId, currentSceneId: ObjectId,
        history: [HistoryEntry] = [], isCompleted: Bool = false, completedAt: Date? = nil,
        totalTimeSpent: Int = 0, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.userId = userId
        self.scenarioId = scenarioId
        self.currentSceneId = currentSceneId
        self.history = history
        self.isCompleted = isCompleted
        self.completedAt = completedAt
        self.totalTimeSpent = totalTimeSpent
        self.createdAt = createdAt
        self.updatedAt = updatedAt ?? createdAt
    }
}

/// What changes when a player moves on: an entry appended to the history and the state it leads to.
public struct ProgressStep: Hashable, Sendable {
    public var entry: HistoryEntry
    public var isCompleted: Bool
    public var completedAt: Date?

    public init(entry: HistoryEntry, isCompleted: Bool, completedAt: Date?) {
        self.entry = entry
        self.isCompleted = isCompleted
        self.completedAt = completedAt
    }
}
