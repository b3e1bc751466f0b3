import Foundation
import Protocols

/// Players' runs through stories: starting one, moving on by a choice, going back, and what the
/// client reports (time spent). No write replaces a record read earlier without checking that it is
/// still as read: moves are conditional appends, other changes conditional replacements that retry
/// where the change commutes and answer ``movedMessage`` where it does not.
public struct ProgressService: Sendable {
    let store: any StoryStore
    /// How many times a commuting change (`totalTimeSpent` alone) is read and written again when the
    /// record moved in between.
    public var attempts = 8

    public init(store: any StoryStore) {
        self.store = store
    }

    /// What a change that lost a race answers.
    public static let movedMessage = "The progress moved meanwhile: read it again"
    /// What a move along a choice whose condition is false answers (its author also reads why).
    public static let closedMessage = "This choice is not available now"
    /// What reads and moves of a story its author unpublished answer, until it is published again.
    public static let pausedMessage = "This story is paused: its author unpublished it. Your progress is kept until it is published again"

    // MARK: Reading

    /// Every record, for admins. - Throws: `forbidden`.
    public func all(by access: AccessPolicy) async throws -> [PlayerProgress] {
        try await DomainError.translating {
            _ = try access.admin()
            return try await store.progress(.all)
        }
    }

    /// A record the viewer may read (their own; any for an admin); `nil` when there is none.
    /// - Throws: `forbidden`.
    public func progress(_ id: ObjectId, by access: AccessPolicy) async throws -> PlayerProgress? {
        try await DomainError.translating {
            _ = try access.signedIn()
            guard let progress = try await store.progress(ids: [id]).first else { return nil }
            try access.require(access.canRead(progress))
            return progress
        }
    }

    /// The records of a user. - Throws: `forbidden` unless the viewer is that user or an admin.
    public func progress(ofUser userId: ObjectId, by access: AccessPolicy) async throws -> [PlayerProgress] {
        try await DomainError.translating {
            _ = try access.signedIn()
            try access.require(access.canReadProgress(ofUser: userId))
            return try await store.progress(.user(userId))
        }
    }

    /// The records on a scenario: every player's for an admin, the viewer's own otherwise.
    public func progress(ofScenario scenarioId: ObjectId, by access: AccessPolicy) async throws -> [PlayerProgress] {
        try await DomainError.translating {
            let viewer = try access.signedIn()
            return try await store.progress(access.isAdmin ? .scenario(scenarioId) : .userAndScenario(viewer.id, scenarioId))
        }
    }

    /// The record of a user on a scenario. - Throws: `forbidden` unless the viewer is that user or an admin.
    public func progress(ofUser userId: ObjectId, onScenario scenarioId: ObjectId, by access: AccessPolicy) async throws -> PlayerProgress? {
        try await DomainError.translating {
            _ = try access.signedIn()
            try access.require(access.canReadProgress(ofUser: userId))
            return try await store.progress(.userAndScenario(userId, scenarioId)).first
        }
    }

    /// The scenario of a progress when the viewer may play it now. - Throws: `notFound("Scenario")`, or
    /// `conflict(pausedMessage)` when its author unpublished it.
    public func playableScenario(of progress: PlayerProgress, by access: AccessPolicy) async throws -> Scenario {
        try await DomainError.translating {
            guard let scenario = try await store.scenarios(ids: [progress.scenarioId]).first else {
                throw DomainError.notFound("Scenario")
            }
            guard access.canPlay(scenario) else { throw DomainError.conflict(Self.pausedMessage) }
            return scenario
        }
    }

    // MARK: Playing

    /// Starts the viewer on a story they may play, at `sceneId` (a start scene of it, when it has
    /// any) or its first start scene. When the viewer has a record on it already, that one is
    /// returned (`created` false). - Throws: `forbidden`, `notFound("Scenario")`, `invalid`.
    public func start(
        scenarioId: ObjectId, at sceneId: ObjectId?, by access: AccessPolicy
    ) async throws -> (progress: PlayerProgress, created: Bool) {
        try await DomainError.translating {
            let viewer = try access.signedIn()
            guard let scenario = try await store.scenarios(ids: [scenarioId]).first, access.canRead(scenario) else {
                throw DomainError.notFound("Scenario")
            }
            guard access.canPlay(scenario) else { throw DomainError.conflict(Self.pausedMessage) }
            if let existing = try await store.progress(.userAndScenario(viewer.id, scenario.id)).first {
                return (existing, false)
            }
            let scenes = try await store.scenes(scenarioIds: [scenario.id])
            let starts = scenes.filter(\.isStartScene)
            let start: Scene
            if let sceneId {
                guard let scene = scenes.first(where: { $0.id == sceneId }) else {
                    throw DomainError.invalid(field: "currentSceneId", reason: "currentSceneId must be a scene of this scenario")
                }
                if !starts.isEmpty && !scene.isStartScene {
                    throw DomainError.invalid(field: "currentSceneId", reason: "currentSceneId must be a start scene of this scenario")
                }
                start = scene
            } else {
                guard let first = starts.first ?? scenes.first else {
                    // No scenes: an empty story, or one deleted since it was read.
                    if try await store.scenarios(ids: [scenario.id]).isEmpty { throw DomainError.notFound("Scenario") }
                    throw DomainError.invalid("This scenario has no scenes")
                }
                start = first
            }
            let now = Date()
            // The declared values start the story; the first entry keeps them, for going back to it.
            let declared = Self.declaredVariables(of: scenario)
            let vars = JSONValue.object(declared)
            var snapshot: JSONValue?
            if !declared.isEmpty { snapshot = vars }
            let progress = PlayerProgress(
                userId: viewer.id, scenarioId: scenario.id, currentSceneId: start.id,
                history: [HistoryEntry(sceneId: start.id, timestamp: now, vars: snapshot)],
                isCompleted: start.isEndScene, completedAt: start.isEndScene ? now : nil, vars: vars, createdAt: now)
            do {
                try await store.insertProgress(progress)
            } catch StoreError.duplicate {
                // Another request created it meanwhile: return that one.
                if let existing = try await store.progress(.userAndScenario(viewer.id, scenario.id)).first {
                    return (existing, false)
                }
                throw DomainError.unavailable("Could not create the progress, please retry")
            } catch StoreError.notFound(entity: "scenario", _) {
                // The scenario was deleted meanwhile; the store left no record behind.
                throw DomainError.notFound("Scenario")
            }
            return (progress, true)
        }
    }

    /// Moves the viewer's progress on to `sceneId`, by `choiceId` or, without one, by the first
    /// available choice leading there from the current scene. The choice's condition must hold for the
    /// player's state (``PlayerState``); its effects change the variables in the same conditional write
    /// as the move. Of concurrent moves from one state, one lands; the others answer ``movedMessage``.
    /// - Throws: `forbidden`, `notFound`, `invalid` (also a closed choice: ``closedMessage``), `conflict`.
    public func record(
        _ id: ObjectId, to sceneId: ObjectId, by choiceId: ObjectId?, metadata: JSONValue?, access: AccessPolicy
    ) async throws -> PlayerProgress {
        try await DomainError.translating {
            let progress = try await ownProgress(id, by: access)
            if let metadata, metadata.objectValue == nil {
                throw DomainError.invalid(field: "metadata", reason: "metadata must be a JSON object")
            }
            let scenario = try await playableScenario(of: progress, by: access)
            if progress.isCompleted {
                throw DomainError.invalid("This story is completed; go back in history to play on")
            }
            let state = PlayerState(progress: progress, declared: Self.declaredVariables(of: scenario))
            let leaving = try await store.choices(fromSceneIds: [progress.currentSceneId])
            let choice: Choice
            if let choiceId {
                guard let chosen = leaving.first(where: { $0.id == choiceId }) else {
                    throw DomainError.invalid(field: "choiceId", reason: "choiceId does not leave the current scene")
                }
                guard chosen.toSceneId == sceneId else {
                    throw DomainError.invalid(field: "choiceId", reason: "choiceId does not lead to sceneId")
                }
                choice = chosen
            } else {
                let there = leaving.filter { $0.toSceneId == sceneId }
                guard !there.isEmpty else {
                    throw DomainError.invalid(field: "sceneId", reason: "No choice leads from the current scene to sceneId")
                }
                choice = there.first { state.availability(of: $0).isAvailable } ?? there[0]
            }
            let availability = state.availability(of: choice)
            guard availability.isAvailable else {
                let why = access.canReadRules(of: scenario) ? ": " + (availability.reason ?? "its condition is false") : ""
                throw DomainError.invalid(field: "choiceId", reason: Self.closedMessage + why)
            }
            let next: PlayerState
            do {
                next = try state.applying(Effect.list(from: choice.effects))
            } catch {
                throw DomainError.conflict("This choice's effects cannot be applied (\(error)); its author must mend the story")
            }
            guard let scene = try await store.scenes(ids: [sceneId]).first, scene.scenarioId == progress.scenarioId else {
                throw DomainError.notFound("Scene")
            }
            let now = Date()
            // Only a step that changed the variables keeps them (``HistoryEntry/vars``).
            // Not a ternary: beside a JSONValue, `nil` would be read as the JSON null literal.
            var vars: JSONValue?
            if next.vars != state.vars { vars = .object(next.vars) }
            let step = ProgressStep(
                entry: HistoryEntry(
                    sceneId: sceneId, choiceId: choice.id, timestamp: now, metadata: metadata ?? .emptyObject,
                    vars: vars),
                isCompleted: scene.isEndScene, completedAt: scene.isEndScene ? now : nil,
                vars: vars, expectedHistoryCount: progress.history.count)
            // The checks above hold for the state read; the store appends only if the record is still
            // at that state (same current scene, same history length, not completed), so of concurrent
            // moves from it one lands, and effects are applied once.
            do {
                return try await store.appendStep(step, toProgress: progress.id, at: now, ifCurrentScene: progress.currentSceneId)
            } catch StoreError.conflict {
                throw DomainError.conflict(Self.movedMessage)
            }
        }
    }

    /// Sets what the client reports: the time spent (which commutes with moves, so a change that loses
    /// a race is applied again to the new record, up to ``attempts`` times) and the current scene
    /// (one already in the history; a change made on a record that moved meanwhile answers
    /// ``movedMessage``). - Throws: `forbidden`, `notFound`, `invalid`, `conflict`.
    public func update(
        _ id: ObjectId, currentSceneId: ObjectId?, totalTimeSpent: Int?, by access: AccessPolicy
    ) async throws -> PlayerProgress {
        try await DomainError.translating {
            if let totalTimeSpent, totalTimeSpent < 0 {
                throw DomainError.invalid(field: "totalTimeSpent", reason: "totalTimeSpent must not be negative")
            }
            let commutes = currentSceneId == nil
            for attempt in 1...max(1, attempts) {
                var progress = try await ownProgress(id, by: access)
                _ = try await playableScenario(of: progress, by: access)
                let read = progress.version
                if let sceneId = currentSceneId {
                    guard progress.history.contains(where: { $0.sceneId == sceneId }) else {
                        throw DomainError.invalid(field: "currentSceneId", reason: "currentSceneId must be a scene already in the history")
                    }
                    let scene = try await store.scenes(ids: [sceneId]).first
                    progress.currentSceneId = sceneId
                    let ends = scene?.isEndScene ?? false
                    if ends != progress.isCompleted {
                        progress.isCompleted = ends
                        progress.completedAt = ends ? Date() : nil
                    }
                }
                if let totalTimeSpent { progress.totalTimeSpent = totalTimeSpent }
                progress.updatedAt = PlayerProgress.nextUpdate(after: read.updatedAt)
                do {
                    try await store.updateProgress(progress, ifVersion: read)
                    return progress
                } catch StoreError.conflict {
                    guard commutes, attempt < attempts else { throw DomainError.conflict(Self.movedMessage) }
                }
            }
            throw DomainError.conflict(Self.movedMessage)
        }
    }

    /// Takes the viewer's progress `steps` back in its history (the story is no longer completed),
    /// with the story variables as they were at the step it returns to (``PlayerProgress/vars(after:)``).
    /// A record that moved since it was read answers ``movedMessage``: the steps counted were
    /// those of another history. - Throws: `forbidden`, `notFound`, `invalid`, `conflict`.
    public func goBack(_ id: ObjectId, steps: Int, by access: AccessPolicy) async throws -> PlayerProgress {
        try await DomainError.translating {
            var progress = try await ownProgress(id, by: access)
            _ = try await playableScenario(of: progress, by: access)
            guard steps >= 1 else { throw DomainError.invalid(field: "stepsBack", reason: "stepsBack must be at least 1") }
            guard steps < progress.history.count else {
                throw DomainError.invalid(
                    field: "stepsBack", reason: "Cannot go back \(steps) steps: the history has \(progress.history.count) entries")
            }
            let read = progress.version
            progress.history.removeLast(steps)
            progress.currentSceneId = progress.history[progress.history.count - 1].sceneId
            progress.vars = PlayerProgress.vars(after: progress.history)
            progress.isCompleted = false
            progress.completedAt = nil
            progress.updatedAt = PlayerProgress.nextUpdate(after: read.updatedAt)
            do {
                try await store.updateProgress(progress, ifVersion: read)
            } catch StoreError.conflict {
                throw DomainError.conflict(Self.movedMessage)
            }
            return progress
        }
    }

    /// Deletes the viewer's own record. - Throws: `forbidden`, `notFound("Progress")`.
    public func delete(_ id: ObjectId, by access: AccessPolicy) async throws {
        try await DomainError.translating {
            _ = try await ownProgress(id, by: access)
            guard try await store.deleteProgress(id: id) else { throw DomainError.notFound("Progress") }
        }
    }

    /// The viewer's own record. - Throws: `forbidden(.signInRequired)`, `notFound("Progress")`,
    /// `forbidden(.notPermitted)` (an admin reads others' progress but does not change it).
    public func ownProgress(_ id: ObjectId, by access: AccessPolicy) async throws -> PlayerProgress {
        try await DomainError.translating {
            _ = try access.signedIn()
            guard let progress = try await store.progress(ids: [id]).first else { throw DomainError.notFound("Progress") }
            try access.require(access.canChange(progress))
            return progress
        }
    }
}

extension ProgressService {
    /// A scenario's declared variables; declarations that no longer parse (old data) declare nothing.
    static func declaredVariables(of scenario: Scenario) -> [String: JSONValue] {
        (try? StoryVariables.parse(scenario.variables)) ?? [:]
    }
}
