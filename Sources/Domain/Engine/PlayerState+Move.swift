import Foundation
import Protocols

/// Whether a player may take a choice now, and if not, why.
public struct ChoiceAvailability: Hashable, Sendable {
    public var isAvailable: Bool
    /// Why the choice is not available, written for the story's author (it may show variable
    /// values a player should not see); `nil` when it is available.
    public var reason: String?

    public init(isAvailable: Bool, reason: String? = nil) {
        self.isAvailable = isAvailable
        self.reason = reason
    }

    public static let available = ChoiceAvailability(isAvailable: true)
}

/// Why a move was refused.
public enum MoveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The choice does not leave the player's current scene.
    case notFromCurrentScene(choiceId: ObjectId, currentSceneId: ObjectId)
    /// The scene given as the destination is not the one the choice leads to.
    case wrongDestination(choiceId: ObjectId, expected: ObjectId, given: ObjectId)
    /// The choice's condition does not hold (or could not be evaluated) for the player's state.
    case conditionNotMet(choiceId: ObjectId, reason: String)
    /// The choice's effects could not be applied.
    case effectFailed(choiceId: ObjectId, EffectError)

    public var description: String {
        switch self {
        case .notFromCurrentScene(let choice, let scene):
            return "choice \(choice) does not leave the current scene \(scene)"
        case .wrongDestination(let choice, let expected, let given):
            return "choice \(choice) leads to scene \(expected), not \(given)"
        case .conditionNotMet(_, let reason):
            return "this choice is not available: \(reason)"
        case .effectFailed(_, let error):
            return "the choice's effects failed: \(error)"
        }
    }
}

extension PlayerState {
    /// Whether `choice` may be taken from this state: its condition holds (`{}` always does).
    /// A condition that cannot be evaluated (an unknown operator, a bound exceeded) makes the
    /// choice unavailable, with the error as the reason.
    public func availability(of choice: Choice, limits: JSONLogic.Limits = .default) -> ChoiceAvailability {
        availability(of: choice.condition, limits: limits)
    }

    /// Whether a condition holds for this state, as for a choice carrying it.
    public func availability(of condition: JSONValue, limits: JSONLogic.Limits = .default) -> ChoiceAvailability {
        if JSONLogic.isAlways(condition) { return .available }
        let data = ruleData
        do {
            if try JSONLogic.isSatisfied(condition, by: data, limits: limits) { return .available }
        } catch {
            return ChoiceAvailability(isAvailable: false, reason: "the condition could not be evaluated: \(error)")
        }
        let reads = JSONLogic.reads(condition)
        let shown = reads.paths.sorted().prefix(5).map { path in
            "\(path) = \(JSONLogicEvaluator.lookUp(.string(path), default: .none, in: data).jsonString)"
        }
        let detail = shown.isEmpty ? "" : " (" + shown.joined(separator: ", ") + (reads.paths.count > 5 ? ", …" : "") + ")"
        return ChoiceAvailability(isAvailable: false, reason: "the condition \(condition.jsonString) is false\(detail)")
    }

    /// The move: the state after taking `choice` from `currentSceneId` to `destination`.
    ///
    /// The choice must leave the current scene, lead to `destination`, and have its condition
    /// hold for this state (evaluated before the move). Then the step is counted, the choice
    /// counted as chosen, the destination as visited, and `effects` applied in order.
    /// - Throws: ``MoveError``; the state is unchanged then.
    public func moving(
        from currentSceneId: ObjectId, along choice: Choice, effects: [Effect], to destination: Scene,
        limits: JSONLogic.Limits = .default
    ) throws(MoveError) -> PlayerState {
        guard choice.fromSceneId == currentSceneId else {
            throw .notFromCurrentScene(choiceId: choice.id, currentSceneId: currentSceneId)
        }
        guard choice.toSceneId == destination.id else {
            throw .wrongDestination(choiceId: choice.id, expected: choice.toSceneId, given: destination.id)
        }
        let availability = availability(of: choice, limits: limits)
        guard availability.isAvailable else {
            throw .conditionNotMet(choiceId: choice.id, reason: availability.reason ?? "the condition is false")
        }
        return try counting(choiceId: choice.id, to: destination.id, effects: effects)
    }

    /// One step without any check: the step, the choice and the destination counted, the
    /// effects applied. ``moving(from:along:effects:to:limits:)`` calls it after its checks;
    /// ``replaying(from:variables:steps:)`` calls it for each step of a history.
    public func counting(choiceId: ObjectId, to sceneId: ObjectId, effects: [Effect]) throws(MoveError) -> PlayerState {
        var next: PlayerState
        do {
            next = try applying(effects)
        } catch {
            throw .effectFailed(choiceId: choiceId, error)
        }
        next.steps += 1
        next.chosen[choiceId, default: 0] += 1
        next.visited[sceneId, default: 0] += 1
        return next
    }

    /// The state a history leads to, rebuilt from the start: what `goBackInHistory` needs when
    /// it cuts a history short and states were not kept per step. Conditions are not checked
    /// again (they held when the moves were made); effects are today's.
    /// - Parameters:
    ///   - startSceneId: the history's first scene.
    ///   - variables: the scenario's declared variables.
    ///   - steps: each later step's choice, the scene it reached and the effects of that choice.
    public static func replaying(
        from startSceneId: ObjectId, variables: [String: JSONValue],
        steps: [(choiceId: ObjectId, sceneId: ObjectId, effects: [Effect])]
    ) throws(MoveError) -> PlayerState {
        var state = PlayerState.start(at: startSceneId, variables: variables)
        for step in steps {
            state = try state.counting(choiceId: step.choiceId, to: step.sceneId, effects: step.effects)
        }
        return state
    }
}
