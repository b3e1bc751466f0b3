import Graphiti

/// The generation domain of the schema: jobs and the generate mutations.
enum GenerationSchema {
    static var partial: PartialSchema<RootResolver, APIContext> {
        PartialSchema(
            types: {
                Type(GenerationJobType.self, interfaces: [RelayNode.self]) {
                    Field("id", at: \.id)
                    Field("mongoId", at: \.mongoId)
                    Field("kind", at: \.kind)
                    Field("status", at: \.status)
                    Field("attempts", at: \.attempts)
                    Field("errorMessage", at: \.errorMessage)
                    Field("progress", at: \.progress)
                    Field("parameters", at: \.parameters)
                    Field("sceneId", at: GenerationJobType.sceneId)
                    Field("slot", at: \.slot)
                    Field("resultAsset", at: GenerationJobType.resultAsset)
                    Field("createdAt", at: \.createdAt)
                    Field("updatedAt", at: \.updatedAt)
                }
            },
            query: {},
            mutation: {}
        )
    }
}
