import Foundation
import Protocols

/// One thing wrong with a story, found by ``StoryValidator``.
///
/// Publishing refuses a story with any problem of severity ``Severity/error``; warnings are
/// shown to the author and let it pass.
public struct StoryProblem: Hashable, Sendable, Codable {
    public enum Severity: String, Hashable, Sendable, Codable, CaseIterable {
        /// The story is broken for a player: publishing refuses it.
        case error
        /// Likely a mistake, but a player is not stuck: publishing lets it pass.
        case warning
    }

    /// What kind of problem. The raw value is the `code` the API shows.
    public enum Code: String, Hashable, Sendable, Codable, CaseIterable {
        /// No scene is marked as the start. Error.
        case noStartScene
        /// More than one scene is marked as the start (one problem per start scene). Error.
        case multipleStartScenes
        /// A choice leads to a scene that does not exist. Error.
        case missingTarget
        /// A choice leads to a scene of another scenario. Error.
        case foreignTarget
        /// No path of choices leads from the start to this scene. Warning.
        case unreachableScene
        /// A scene that is not an end scene, with no choice a player could ever take. Error when
        /// a player can reach it (or there is no start scene to tell), else a warning.
        case deadEnd
        /// An end scene with choices: the story ends there, so they are never offered. Warning.
        case endSceneWithChoices
        /// A cycle of scenes from which no end scene can be reached: a player who enters it
        /// never finishes. Error when a player can reach it, else a warning.
        case noWayToEnd
        /// A condition the evaluator refuses (unknown operator, over the bounds). Error.
        case invalidCondition
        /// A choice's effects cannot be read. Error.
        case invalidEffects
        /// The scenario's variable declarations cannot be read. Error.
        case invalidVariables
        /// A condition reads `vars.<name>` that no declaration gives and no effect sets, so it
        /// is always `null` (usually a misspelt name). Error.
        case undeclaredVariable
        /// A condition reads something the player state does not have: a path outside `vars`,
        /// `visited`, `chosen` and `steps`, or the visits of a scene or the count of a choice
        /// that is not in this story. Error.
        case unknownReference
        /// A condition that can never be true, given the declared values and the effects: the
        /// choice is never offered. Found where it can be decided: the rule reads only variables
        /// that take finitely many values (their initial value and the constants effects `set`,
        /// with no `add`). Warning; the story graph is then checked without that choice.
        case conditionNeverTrue
        /// An `add` effect on a variable that is declared or set to something other than a
        /// number, so taking the choice can fail. Warning.
        case addToNonNumber
    }

    public var code: Code
    public var severity: Severity
    /// What is wrong, for the author, naming the scenes, choices and variables concerned.
    public var message: String
    public var sceneId: ObjectId?
    public var choiceId: ObjectId?

    public init(code: Code, severity: Severity, message: String, sceneId: ObjectId? = nil, choiceId: ObjectId? = nil) {
        self.code = code
        self.severity = severity
        self.message = message
        self.sceneId = sceneId
        self.choiceId = choiceId
    }
}

extension Array where Element == StoryProblem {
    /// The problems that stop publishing.
    public var errors: [StoryProblem] { filter { $0.severity == .error } }

    /// Whether publishing must refuse the story.
    public var blocksPublishing: Bool { contains { $0.severity == .error } }
}
