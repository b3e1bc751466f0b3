import Graphiti
import Protocols

/// The progress domain of the schema: players' runs through scenarios.
enum ProgressSchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Type(PlayerProgressType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("userId", at: PlayerProgressType.userId)
                    Field("scenarioId", at: PlayerProgressType.scenarioId)
                    Field("currentSceneId", at: PlayerProgressType.currentSceneId)
                    Field("history", at: \.history)
                    Field("isCompleted", at: \.isCompleted)
                    Field("completedAt", at: \.completedAt)
                    Field("totalTimeSpent", at: \.totalTimeSpent)
                    Field("vars", at: \.vars)
                    Field("progressPercentage", at: PlayerProgressType.progressPercentage)
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
                Type(HistoryEntryType.self, as: "HistoryEntryType") {
                    Field("sceneId", at: HistoryEntryType.sceneId)
                    Field("choiceId", at: HistoryEntryType.choiceId)
                    Field("timestamp", at: \.timestamp)
                    Field("metadata", at: \.metadata)
                    Field("mongoId", at: \.mongoId)
                }
                Input(CreateProgressInput.self) {
                    InputField("scenarioId", at: \.scenarioId)
                    InputField("currentSceneId", at: \.currentSceneId)
                }
                Input(RecordProgressInput.self) {
                    InputField("progressId", at: \.progressId)
                    InputField("sceneId", at: \.sceneId)
                    InputField("choiceId", at: \.choiceId)
                    InputField("metadata", at: \.metadata)
                }
                Input(UpdateProgressInput.self) {
                    InputField("currentSceneId", at: \.currentSceneId)
                    InputField("totalTimeSpent", at: \.totalTimeSpent)
                }
                progressPayload(Op.Create.self, as: "CreateProgress")
                progressPayload(Op.Record.self, as: "RecordProgress")
                progressPayload(Op.Update.self, as: "UpdateProgress")
                progressPayload(Op.GoBack.self, as: "GoBackInHistory")
                progressPayload(Op.MakeChoice.self, as: "MakeChoice")
                Type(ChoiceOptionType.self, as: "ChoiceOptionType") {
                    Field("choice", at: \.choice)
                    Field("available", at: \.available)
                    Field("reason", at: \.reason)
                }
                DeletePayload<PlayerProgress>.type(as: "DeleteProgress")
            },
            query: {
                Field("allProgress", at: RootResolver.allProgress)
                Field("progressById", at: RootResolver.progressById) { Argument("progressId", at: \.progressId) }
                Field("progressByUser", at: RootResolver.progressByUser) { Argument("userId", at: \.userId) }
                Field("progressByScenario", at: RootResolver.progressByScenario) { Argument("scenarioId", at: \.scenarioId) }
                Field("myProgress", at: RootResolver.myProgress)
                Field("availableChoices", at: RootResolver.availableChoices) { Argument("progressId", at: \.progressId) }
                Field("progressByUserAndScenario", at: RootResolver.progressByUserAndScenario) {
                    Argument("userId", at: \.userId)
                    Argument("scenarioId", at: \.scenarioId)
                }
            },
            mutation: {
                Field("createProgress", at: RootResolver.createProgress) { Argument("input", at: \.input) }
                Field("recordProgress", at: RootResolver.recordProgress) { Argument("input", at: \.input) }
                Field("updateProgress", at: RootResolver.updateProgress) {
                    Argument("progressId", at: \.progressId)
                    Argument("input", at: \.input)
                }
                Field("deleteProgress", at: RootResolver.deleteProgress) { Argument("progressId", at: \.progressId) }
                Field("makeChoice", at: RootResolver.makeChoice) {
                    Argument("progressId", at: \.progressId)
                    Argument("choiceId", at: \.choiceId)
                    Argument("metadata", at: \.metadata)
                }
                Field("goBackInHistory", at: RootResolver.goBackInHistory) {
                    Argument("progressId", at: \.progressId)
                    Argument("stepsBack", at: \.stepsBack)
                }
            }
        )
    }

    private static func progressPayload<Kind>(_: Kind.Type, as name: String) -> Type<RootResolver, APIContext, ProgressPayload<Kind>> {
        Type(ProgressPayload<Kind>.self, as: name) {
            Field("progress", at: \.progress)
            Field("success", at: \.success)
            Field("message", at: \.message)
        }
    }
}
