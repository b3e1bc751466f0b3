import Graphiti

/// The stories domain's fields for the compiled query path (``QueryPlanner``): the same
/// properties and resolvers ``StorySchema`` declares, typed. A field missing here only sends its
/// queries to the general executor; one that disagrees with the schema's type is refused when a
/// plan is built (and by `CompiledFieldsTests`).
enum StoryFieldTables {
    static func add(to fields: inout CompiledFields) {
        fields.add(FieldTable<RootResolver>("Query") { t in
            t.list("allScenarios", "ScenarioType", arguments: AllScenariosArgs.self) { try await $0.allScenarios(context: $1, arguments: $2) }
            t.object("scenarioById", "ScenarioType", arguments: ScenarioIDArgs.self) { try await $0.scenarioById(context: $1, arguments: $2) }
            t.list("scenariosByAuthor", "ScenarioType", arguments: AuthorIDArgs.self) { try await $0.scenariosByAuthor(context: $1, arguments: $2) }
            t.object("sceneById", "SceneType", arguments: SceneIDArgs.self) { try await $0.sceneById(context: $1, arguments: $2) }
            t.list("scenesByScenario", "SceneType", arguments: ScenarioIDArgs.self) { try await $0.scenesByScenario(context: $1, arguments: $2) }
            t.object("choiceById", "ChoiceType", arguments: ChoiceIDArgs.self) { try await $0.choiceById(context: $1, arguments: $2) }
            t.list("choicesByScene", "ChoiceType", arguments: SceneIDArgs.self) { try await $0.choicesByScene(context: $1, arguments: $2) }
        })
        fields.add(FieldTable<ScenarioType>("ScenarioType") { t in
            t.ids(node: "ScenarioType") { $0.scenario.id }
            t.string("title") { $0.title }
            t.string("description") { $0.description }
            t.object("authorId", "UserType") { try await $0.authorId(context: $1, arguments: NoArguments()) }
            t.bool("isPublished") { $0.isPublished }
            t.json("variables") { $0.variables }
            t.string("ifid") { $0.ifid }
            t.list("scenesList", "SceneType") { try await $0.scenesList(context: $1, arguments: NoArguments()) }
            t.dateTime("createdAt") { $0.createdAt }
            t.dateTime("updatedAt") { $0.updatedAt }
        })
        fields.add(FieldTable<PositionType>("PositionType") { t in
            t.double("x") { $0.x }
            t.double("y") { $0.y }
        })
        fields.add(FieldTable<SceneType>("SceneType") { t in
            t.ids(node: "SceneType") { $0.scene.id }
            t.object("scenarioId", "ScenarioType") { try await $0.scenarioId(context: $1, arguments: NoArguments()) }
            t.string("title") { $0.title }
            t.string("text") { $0.text }
            t.int("order") { $0.order }
            t.object("imageId", "AssetType") { try await $0.imageId(context: $1, arguments: NoArguments()) }
            t.object("soundId", "AssetType") { try await $0.soundId(context: $1, arguments: NoArguments()) }
            t.object("musicId", "AssetType") { try await $0.musicId(context: $1, arguments: NoArguments()) }
            t.list("choices", "ChoiceType") { try await $0.choices(context: $1, arguments: NoArguments()) }
            t.bool("isStartScene") { $0.isStartScene }
            t.bool("isEndScene") { $0.isEndScene }
            t.object("position", "PositionType") { scene, _ in scene.position }
            t.dateTime("createdAt") { $0.createdAt }
            t.dateTime("updatedAt") { $0.updatedAt }
        })
        fields.add(FieldTable<ChoiceType>("ChoiceType") { t in
            t.ids(node: "ChoiceType") { $0.choice.id }
            t.object("fromSceneId", "SceneType") { try await $0.fromSceneId(context: $1, arguments: NoArguments()) }
            t.object("toSceneId", "SceneType") { try await $0.toSceneId(context: $1, arguments: NoArguments()) }
            t.string("text") { $0.text }
            t.json("condition") { $0.condition }
            t.json("effects") { $0.effects }
            t.int("order") { $0.order }
            t.dateTime("createdAt") { $0.createdAt }
        })
    }
}
