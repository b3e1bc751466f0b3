import Graphiti
import Protocols

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
            query: {
                Field("generationJob", at: RootResolver.generationJob) { Argument("id", at: \.id) }
                Field("generationJobs", at: RootResolver.generationJobs) {
                    Argument("sceneId", at: \.sceneId)
                    Argument("status", at: \.status)
                }
            },
            mutation: {
                Field("generateAsset", at: RootResolver.generateAsset) {
                    Argument("type", at: \.type)
                    Argument("name", at: \.name)
                    Argument("description", at: \.description)
                    Argument("soundType", at: \.soundType)
                    Argument("language", at: \.language)
                    Argument("duration", at: \.duration)
                }
                Field("generateImageWithAI", at: RootResolver.generateImageWithAI) {
                    Argument("prompt", at: \.prompt)
                    Argument("name", at: \.name)
                }
                Field("generateSoundWithAI", at: RootResolver.generateSoundWithAI) {
                    Argument("prompt", at: \.prompt)
                    Argument("soundType", at: \.soundType)
                    Argument("language", at: \.language)
                    Argument("name", at: \.name)
                }
            }
        )
    }
}
