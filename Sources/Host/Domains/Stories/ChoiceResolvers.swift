import Foundation
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
        guard let choice = try await context.loaders.choices.load(id) else { return nil }
        do {
            _ = try await context.visibleScene(choice.fromSceneId)
        } catch APIError.notFound {
            return nil
        }
        await context.loaders.prepare(choices: [choice])
        return ChoiceType(choice: choice)
    }

    func choicesByScene(context: APIContext, arguments: SceneIDArgs) async throws -> [ChoiceType]? {
        let id = try NodeID.decode(arguments.sceneId, as: "SceneType", argument: "sceneId")
        let scene = try await context.visibleScene(id)
        return try await SceneType(scene: scene).choices(context: context, arguments: NoArguments())
    }

    func createChoice(context: APIContext, arguments: CreateChoiceArgs) async throws -> ChoicePayload<Op.Create> {
        let input = arguments.input
        guard let fromRef = input.fromSceneId else {
            _ = try context.requireUser()
            return .failure("fromSceneId is required")
        }
        let fromId = try NodeID.decode(fromRef, as: "SceneType", argument: "fromSceneId")
        let (from, _) = try await context.authoredScene(fromId)
        return try await context.mutation {
            guard let toRef = input.toSceneId else { throw APIError.invalidInput("toSceneId is required") }
            guard let text = input.text else { throw APIError.invalidInput("text is required") }
            let to = try await context.sceneInSameScenario(toRef, as: from)
            var choice = Choice(fromSceneId: from.id, toSceneId: to.id, text: text)
            try Self.apply(input, to: &choice)
            try await context.store.insertChoice(choice)
            return ChoicePayload(choice: ChoiceType(choice: choice), success: true, message: "Choice created")
        }
    }

    func updateChoice(context: APIContext, arguments: UpdateChoiceArgs) async throws -> ChoicePayload<Op.Update> {
        let id = try NodeID.decode(arguments.choiceId, as: "ChoiceType", argument: "choiceId")
        _ = try context.requireUser()
        guard var choice = try await context.store.choices(ids: [id]).first else { return .failure("Choice not found") }
        let (from, _) = try await context.authoredScene(choice.fromSceneId)
        return try await context.mutation {
            if arguments.input.fromSceneId != nil { throw APIError.invalidInput("fromSceneId cannot be changed") }
            if let toRef = arguments.input.toSceneId {
                choice.toSceneId = try await context.sceneInSameScenario(toRef, as: from).id
            }
            try Self.apply(arguments.input, to: &choice)
            try await context.store.updateChoice(choice)
            return ChoicePayload(choice: ChoiceType(choice: choice), success: true, message: "Choice updated")
        }
    }

    func deleteChoice(context: APIContext, arguments: ChoiceIDArgs) async throws -> DeletePayload<Choice> {
        try await deleteChoices(context: context, arguments: ChoiceIDsArgs(choiceIds: [arguments.choiceId])).retagged()
    }

    func deleteChoices(context: APIContext, arguments: ChoiceIDsArgs) async throws -> DeletePayload<[Choice]> {
        _ = try context.requireUser()
        try context.checkListSize(arguments.choiceIds.count, argument: "choiceIds")
        let ids = try arguments.choiceIds.enumerated().map { index, ref in
            guard let ref else { throw APIError.invalidInput("choiceIds[\(index)] is null: every item must be a choice id") }
            return try NodeID.decode(ref, as: "ChoiceType", argument: "choiceIds[\(index)]")
        }
        let choices = try await context.store.choices(ids: ids)
        guard choices.count == Set(ids).count else { return .failure("Choice not found") }
        for sceneId in Set(choices.map(\.fromSceneId)) { _ = try await context.authoredScene(sceneId) }
        return try await context.mutation {
            let count = try await context.store.deleteChoices(ids: ids)
            return DeletePayload(success: true, message: count == 1 ? "Choice deleted" : "\(count) choices deleted")
        }
    }

    private static func apply<Kind>(_ input: ChoiceInput<Kind>, to choice: inout Choice) throws {
        if let text = input.text {
            try Validate.length(text, field: "text", max: 200, required: true)
            choice.text = text
        }
        if let condition = input.condition {
            guard condition.value.objectValue != nil else {
                throw APIError.invalidInput("condition must be a JSON object (a JSON Logic rule, or {} for none)")
            }
            guard condition.value.jsonString.utf8.count <= 10_000 else {
                throw APIError.invalidInput("condition must be at most 10000 bytes of JSON")
            }
            choice.condition = condition.value
        }
        if let order = input.order {
            guard order >= 0 else { throw APIError.invalidInput("order must not be negative") }
            choice.order = order
        }
    }
}

extension APIContext {
    /// The scene `ref` names, when it belongs to the same scenario as `scene`.
    func sceneInSameScenario(_ ref: GraphID, as scene: Scene) async throws -> Scene {
        let id = try NodeID.decode(ref, as: "SceneType", argument: "toSceneId")
        guard let target = try await store.scenes(ids: [id]).first else { throw APIError.notFound("Scene toSceneId") }
        guard target.scenarioId == scene.scenarioId else {
            throw APIError.invalidInput("toSceneId must be a scene of the same scenario")
        }
        return target
    }
}
