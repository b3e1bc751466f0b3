import Domain
import Foundation
import GraphQL
import Graphiti
import Protocols

struct ChoiceIDArgs: Codable, Sendable { var choiceId: GraphID }
/// `deleteChoices(choiceIds: [ID]!)`: the old server's list type admits null items, refused at run time.
struct ChoiceIDsArgs: Codable, Sendable { var choiceIds: [GraphID?] }
struct CreateChoiceArgs: Codable, Sendable { var input: ChoiceInput<Op.Create> }
struct UpdateChoiceArgs: Codable, Sendable { var choiceId: GraphID; var input: ChoiceInput<Op.Update> }

extension RootResolver {
    func choiceById(context: APIContext, arguments: ChoiceIDArgs) async throws -> ChoiceType? {
        let id = try NodeID.decode(arguments.choiceId, as: "ChoiceType", argument: "choiceId")
        guard let choice = try await context.readable({ try await context.services.stories.choice(id, by: context.access) }) else { return nil }
        context.loaders.prepare(choices: [choice])
        return ChoiceType(choice: choice)
    }

    func choicesByScene(context: APIContext, arguments: SceneIDArgs) async throws -> [ChoiceType]? {
        let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
        let choices = try await context.services.stories.choices(ofScene: id, by: context.access)
        context.loaders.prepare(choices: choices)
        return choices.map(ChoiceType.init)
    }

    func createChoice(context: APIContext, arguments: CreateChoiceArgs) async throws -> ChoicePayload<Op.Create> {
        try await context.mutation {
            let input = arguments.input
            guard let fromRef = input.fromSceneId else {
                _ = try context.requireUser()
                throw DomainError.invalid(field: "fromSceneId", reason: "fromSceneId is required")
            }
            let fromId = try NodeID.decode(fromRef, as: "SceneType", argument: "fromSceneId")
            let choice = try await context.services.stories.createChoice(from: fromId, try input.changes(), by: context.access)
            return ChoicePayload(choice: ChoiceType(choice: choice), success: true, message: "Choice created")
        }
    }

    func updateChoice(context: APIContext, arguments: UpdateChoiceArgs) async throws -> ChoicePayload<Op.Update> {
        try await context.mutation {
            let id = try NodeID.decode(arguments.choiceId, as: "ChoiceType", argument: "choiceId")
            if arguments.input.fromSceneId != nil {
                _ = try await context.services.stories.authoredChoice(id, by: context.access)
                throw DomainError.invalid(field: "fromSceneId", reason: "fromSceneId cannot be changed")
            }
            let choice = try await context.services.stories.updateChoice(id, try arguments.input.changes(), by: context.access)
            return ChoicePayload(choice: ChoiceType(choice: choice), success: true, message: "Choice updated")
        }
    }

    func deleteChoice(context: APIContext, arguments: ChoiceIDArgs) async throws -> DeletePayload<Choice> {
        try await deleteChoices(context: context, arguments: ChoiceIDsArgs(choiceIds: [arguments.choiceId])).retagged()
    }

    func deleteChoices(context: APIContext, arguments: ChoiceIDsArgs) async throws -> DeletePayload<[Choice]> {
        try await context.mutation {
            _ = try context.requireUser()
            try context.checkListSize(arguments.choiceIds.count, argument: "choiceIds")
            let ids = try arguments.choiceIds.enumerated().map { index, ref in
                guard let ref else { throw APIError.invalidInput("choiceIds[\(index)] is null: every item must be a choice id") }
                return try NodeID.decode(ref, as: "ChoiceType", argument: "choiceIds[\(index)]")
            }
            let count = try await context.services.stories.deleteChoices(ids, by: context.access)
            return DeletePayload(success: true, message: count == 1 ? "Choice deleted" : "\(count) choices deleted")
        }
    }
}

extension ChoiceInput {
    /// The changes this input asks for.
    func changes() throws -> ChoiceChanges {
        ChoiceChanges(
            toSceneId: try toSceneId.map { try NodeID.decode($0, as: "SceneType", argument: "toSceneId") },
            text: text, condition: condition?.value, effects: effects?.value, order: order)
    }
}

// The compiled path reads these without `MapDecoder` (``PlainArguments``).
extension ChoiceIDArgs: PlainArguments {
    init?(plain arguments: Map) { guard let id = arguments.plainID("choiceId") else { return nil }; self.init(choiceId: id) }
}
