import Foundation
import Protocols

/// One choice of the player's current scene, and whether it can be taken now.
public struct ChoiceOption: Hashable, Sendable {
    public var choice: Choice
    public var isAvailable: Bool
    /// Why it is closed, for the story's author only (``AccessPolicy/canReadRules(of:)``); `nil`
    /// for others and when it is open.
    public var reason: String?

    public init(choice: Choice, isAvailable: Bool, reason: String?) {
        self.choice = choice
        self.isAvailable = isAvailable
        self.reason = reason
    }
}

extension ProgressService {
    /// The choices leaving a progress's current scene, in order, each with whether its condition holds
    /// for the player's state now. None when the story is completed. The viewer must be able to read the
    /// progress (its player, or an admin) and the story must be playable.
    /// - Throws: `forbidden`, `notFound("Progress")`, `conflict(pausedMessage)`.
    public func availableChoices(_ id: ObjectId, by access: AccessPolicy) async throws -> [ChoiceOption] {
        try await DomainError.translating {
            guard let progress = try await progress(id, by: access) else { throw DomainError.notFound("Progress") }
            let scenario = try await playableScenario(of: progress, by: access)
            if progress.isCompleted { return [] }
            let state = PlayerState(progress: progress, declared: Self.declaredVariables(of: scenario))
            let explains = access.canReadRules(of: scenario)
            return try await store.choices(fromSceneIds: [progress.currentSceneId]).map { choice in
                let availability = state.availability(of: choice)
                return ChoiceOption(
                    choice: choice, isAvailable: availability.isAvailable,
                    reason: explains ? availability.reason : nil)
            }
        }
    }

    /// Moves the viewer's progress along one choice of its current scene: ``record(_:to:by:metadata:access:)``
    /// to the scene the choice leads to. - Throws: as `record`; `invalid(field: "choiceId")` when the
    /// choice does not exist or does not leave the current scene.
    public func makeChoice(
        _ id: ObjectId, choiceId: ObjectId, metadata: JSONValue? = nil, by access: AccessPolicy
    ) async throws -> PlayerProgress {
        try await DomainError.translating {
            guard let choice = try await store.choices(ids: [choiceId]).first else {
                throw DomainError.invalid(field: "choiceId", reason: "choiceId does not leave the current scene")
            }
            return try await record(id, to: choice.toSceneId, by: choice.id, metadata: metadata, access: access)
        }
    }
}
