import Graphiti
import Protocols

/// The stories domain of the schema: scenarios, scenes and choices.
enum StorySchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Type(ScenarioType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("title", at: \.title)
                    Field("description", at: \.description)
                    Field("authorId", at: ScenarioType.authorId)
                    Field("isPublished", at: \.isPublished)
                    Field("variables", at: \.variables)
                    Field("ifid", at: \.ifid)
                    Field("scenesList", at: ScenarioType.scenesList)
                    Field("scenes", at: ScenarioType.scenes) {
                        Argument("before", at: \.before)
                        Argument("after", at: \.after)
                        Argument("first", at: \.first)
                        Argument("last", at: \.last)
                        Argument("createdAt", at: \.createdAt)
                        Argument("id", at: \.id)
                        Argument("isEndScene", at: \.isEndScene)
                        Argument("isStartScene", at: \.isStartScene)
                        Argument("order", at: \.order)
                        Argument("text", at: \.text)
                        Argument("title", at: \.title)
                        Argument("updatedAt", at: \.updatedAt)
                        Argument("imageId", at: \.imageId)
                        Argument("musicId", at: \.musicId)
                        Argument("scenarioId", at: \.scenarioId)
                        Argument("soundId", at: \.soundId)
                    }
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
                Type(PositionType.self, as: "PositionType") {
                    Field("x", at: \.x)
                    Field("y", at: \.y)
                }
                Input(PositionInput.self) {
                    InputField("x", at: \.x)
                    InputField("y", at: \.y)
                }
                Type(SceneType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("scenarioId", at: SceneType.scenarioId)
                    Field("title", at: \.title)
                    Field("text", at: \.text)
                    Field("order", at: \.order)
                    Field("imageId", at: SceneType.imageId)
                    Field("soundId", at: SceneType.soundId)
                    Field("musicId", at: SceneType.musicId)
                    Field("choices", at: SceneType.choices)
                    Field("isStartScene", at: \.isStartScene)
                    Field("isEndScene", at: \.isEndScene)
                    Field("position", at: \.position)
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
                ConnectionType(SceneType.self)
                Type(ChoiceType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("fromSceneId", at: ChoiceType.fromSceneId)
                    Field("toSceneId", at: ChoiceType.toSceneId)
                    Field("text", at: \.text)
                    Field("condition", at: \.condition)
                    Field("effects", at: \.effects)
                    Field("order", at: \.order)
                    Field("createdAt", at: \.createdAt)
                }
                scenarioInput(Op.Create.self, as: "CreateScenarioInput")
                scenarioInput(Op.Update.self, as: "UpdateScenarioInput")
                sceneInput(Op.Create.self, as: "CreateSceneInput")
                sceneInput(Op.Update.self, as: "UpdateSceneInput")
                choiceInput(Op.Create.self, as: "CreateChoiceInput")
                choiceInput(Op.Update.self, as: "UpdateChoiceInput")
                scenarioPayload(Op.Create.self, as: "CreateScenario")
                scenarioPayload(Op.Update.self, as: "UpdateScenario")
                scenePayload(Op.Create.self, as: "CreateScene")
                scenePayload(Op.Update.self, as: "UpdateScene")
                choicePayload(Op.Create.self, as: "CreateChoice")
                choicePayload(Op.Update.self, as: "UpdateChoice")
                DeletePayload<Scenario>.type(as: "DeleteScenario")
                DeletePayload<Scene>.type(as: "DeleteScene")
                DeletePayload<Choice>.type(as: "DeleteChoice")
                DeletePayload<[Choice]>.type(as: "DeleteChoices")
            },
            query: {
                Field("allScenarios", at: RootResolver.allScenarios) { Argument("publishedOnly", at: \.publishedOnly) }
                Field("scenarioById", at: RootResolver.scenarioById) { Argument("scenarioId", at: \.scenarioId) }
                Field("scenariosByAuthor", at: RootResolver.scenariosByAuthor) { Argument("authorId", at: \.authorId) }
                Field("sceneById", at: RootResolver.sceneById) { Argument("sceneId", at: \.sceneId) }
                Field("scenesByScenario", at: RootResolver.scenesByScenario) { Argument("scenarioId", at: \.scenarioId) }
                Field("choiceById", at: RootResolver.choiceById) { Argument("choiceId", at: \.choiceId) }
                Field("choicesByScene", at: RootResolver.choicesByScene) { Argument("sceneId", at: \.sceneId) }
            },
            mutation: {
                Field("createScenario", at: RootResolver.createScenario) { Argument("input", at: \.input) }
                Field("updateScenario", at: RootResolver.updateScenario) {
                    Argument("scenarioId", at: \.scenarioId)
                    Argument("input", at: \.input)
                }
                Field("deleteScenario", at: RootResolver.deleteScenario) { Argument("scenarioId", at: \.scenarioId) }
                Field("createScene", at: RootResolver.createScene) { Argument("input", at: \.input) }
                Field("updateScene", at: RootResolver.updateScene) {
                    Argument("sceneId", at: \.sceneId)
                    Argument("input", at: \.input)
                }
                Field("deleteScene", at: RootResolver.deleteScene) { Argument("sceneId", at: \.sceneId) }
                Field("createChoice", at: RootResolver.createChoice) { Argument("input", at: \.input) }
                Field("updateChoice", at: RootResolver.updateChoice) {
                    Argument("choiceId", at: \.choiceId)
                    Argument("input", at: \.input)
                }
                Field("deleteChoice", at: RootResolver.deleteChoice) { Argument("choiceId", at: \.choiceId) }
                Field("deleteChoices", at: RootResolver.deleteChoices) { Argument("choiceIds", at: \.choiceIds) }
            }
        )
    }

    private typealias Input<T> = Graphiti.Input<RootResolver, APIContext, T>
    private typealias Object<T> = Graphiti.`Type`<RootResolver, APIContext, T>

    private static func scenarioInput<Kind>(_: Kind.Type, as name: String) -> Input<ScenarioInput<Kind>> {
        Input(ScenarioInput<Kind>.self, as: name) {
            InputField("title", at: \.title)
            InputField("description", at: \.description)
            InputField("isPublished", at: \.isPublished)
            InputField("variables", at: \.variables)
        }
    }

    private static func sceneInput<Kind>(_: Kind.Type, as name: String) -> Input<SceneInput<Kind>> {
        Input(SceneInput<Kind>.self, as: name) {
            InputField("scenarioId", at: \.scenarioId)
            InputField("title", at: \.title)
            InputField("text", at: \.text)
            InputField("order", at: \.order)
            InputField("imageId", at: \.imageId)
            InputField("soundId", at: \.soundId)
            InputField("musicId", at: \.musicId)
            InputField("isStartScene", at: \.isStartScene)
            InputField("isEndScene", at: \.isEndScene)
            InputField("position", at: \.position)
            InputField("autoGenerateImage", at: \.autoGenerateImage)
            InputField("autoGenerateSound", at: \.autoGenerateSound)
            InputField("autoGenerateMusic", at: \.autoGenerateMusic)
        }
    }

    private static func choiceInput<Kind>(_: Kind.Type, as name: String) -> Input<ChoiceInput<Kind>> {
        Input(ChoiceInput<Kind>.self, as: name) {
            InputField("fromSceneId", at: \.fromSceneId)
            InputField("toSceneId", at: \.toSceneId)
            InputField("text", at: \.text)
            InputField("condition", at: \.condition)
            InputField("effects", at: \.effects)
            InputField("order", at: \.order)
        }
    }

    private static func scenarioPayload<Kind>(_: Kind.Type, as name: String) -> Object<ScenarioPayload<Kind>> {
        Object(ScenarioPayload<Kind>.self, as: name) {
            Field("scenario", at: \.scenario)
            Field("success", at: \.success)
            Field("message", at: \.message)
        }
    }

    private static func scenePayload<Kind>(_: Kind.Type, as name: String) -> Object<ScenePayload<Kind>> {
        Object(ScenePayload<Kind>.self, as: name) {
            Field("scene", at: \.scene)
            Field("success", at: \.success)
            Field("message", at: \.message)
            Field("jobs", at: \.jobs)
        }
    }

    private static func choicePayload<Kind>(_: Kind.Type, as name: String) -> Object<ChoicePayload<Kind>> {
        Object(ChoicePayload<Kind>.self, as: name) {
            Field("choice", at: \.choice)
            Field("success", at: \.success)
            Field("message", at: \.message)
        }
    }
}
