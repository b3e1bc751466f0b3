import Domain
import Protocols

/// `StoryProblemType`: one thing ``StoryValidator`` found wrong with a story.
struct StoryProblemType: Sendable {
    let problem: StoryProblem

    /// What is wrong, as a stable code (`noStartScene`, `deadEnd`, …; see ``StoryProblem/Code``).
    var code: String { problem.code.rawValue }
    /// `error` (publishing refuses the story) or `warning`.
    var severity: String { problem.severity.rawValue }
    var message: String { problem.message }
    /// The scene at fault, as its `mongoId`.
    var sceneId: String? { problem.sceneId?.hexString }
    /// The choice at fault, as its `mongoId`.
    var choiceId: String? { problem.choiceId?.hexString }
}
