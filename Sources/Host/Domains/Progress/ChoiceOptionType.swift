import Domain
import Graphiti
import Protocols

/// `ChoiceOptionType`: a choice of the player's current scene and whether it can be taken now.
struct ChoiceOptionType: Sendable {
    let option: ChoiceOption

    var choice: ChoiceType { ChoiceType(choice: option.choice) }
    var available: Bool { option.isAvailable }
    /// Why it is closed: for the story's author only, `null` for players.
    var reason: String? { option.reason }
}

struct MakeChoiceArgs: Codable, Sendable { var progressId: GraphID; var choiceId: GraphID; var metadata: JSONString? }

extension RootResolver {
    /// `availableChoices(progressId)`: the current scene's choices, each with `available`.
    func availableChoices(context: APIContext, arguments: ProgressIDArgs) async throws -> [ChoiceOptionType] {
        let id = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
        let options = try await context.services.progress.availableChoices(id, by: context.access)
        context.loaders.prepare(choices: options.map(\.choice))
        return options.map(ChoiceOptionType.init)
    }

    /// `makeChoice(progressId, choiceId)`: moves along one choice, its condition checked and its
    /// effects applied with the move.
    func makeChoice(context: APIContext, arguments: MakeChoiceArgs) async throws -> ProgressPayload<Op.MakeChoice> {
        try await context.mutation {
            let progressId = try NodeID.decode(arguments.progressId, as: "PlayerProgressType", argument: "progressId")
            _ = try await context.services.progress.ownProgress(progressId, by: context.access)
            let choiceId = try NodeID.decode(arguments.choiceId, as: "ChoiceType", argument: "choiceId")
            let progress = try await context.services.progress.makeChoice(
                progressId, choiceId: choiceId, metadata: arguments.metadata?.value, by: context.access)
            return ProgressPayload(progress: PlayerProgressType(progress: progress), success: true, message: "Choice made")
        }
    }
}
