import Graphiti
import Protocols

struct NodeArgs: Codable, Sendable { var id: GraphID }

extension RootResolver {
    /// Relay's `node(id:)`: any object by its global id, when visible to the viewer.
    func node(context: APIContext, arguments: NodeArgs) async throws -> (any RelayNode)? {
        guard let (type, id) = NodeID.decodeAny(arguments.id.value) else {
            throw APIError.invalidInput("id is not a valid global id")
        }
        switch type {
        case "UserType":
            return try await userById(context: context, arguments: UserIDArgs(userId: arguments.id))
        case "ScenarioType":
            return try await scenarioById(context: context, arguments: ScenarioIDArgs(scenarioId: arguments.id))
        case "SceneType":
            return try await sceneById(context: context, arguments: SceneIDArgs(sceneId: arguments.id))
        case "ChoiceType":
            return try await choiceById(context: context, arguments: ChoiceIDArgs(choiceId: arguments.id))
        case "PlayerProgressType":
            return try await progressById(context: context, arguments: ProgressIDArgs(progressId: arguments.id))
        case "AssetType":
            return try await assetById(context: context, arguments: AssetIDArgs(assetId: arguments.id))
        default:
            _ = id
            return nil
        }
    }
}

/// The whole schema, assembled from the partial schema of each domain.
enum APISchema {
    /// The fields the compiled query path resolves, from each domain's tables.
    static func compiledFields() -> CompiledFields {
        var fields = CompiledFields()
        StoryFieldTables.add(to: &fields)
        UserFieldTables.add(to: &fields)
        AssetFieldTables.add(to: &fields)
        return fields
    }

    static func make() throws -> Schema<RootResolver, APIContext> {
        let common = PartialSchema<RootResolver, APIContext>(
            types: {
                Scalars.id
                Scalars.json
                Scalars.generic
                Scalars.dateTime
                Interface(RelayNode.self, as: "Node") {
                    Field("id", at: \.id)
                }
            },
            query: {
                Field("node", at: RootResolver.node) { Argument("id", at: \.id) }
            }
        )
        return try SchemaBuilder(RootResolver.self, APIContext.self)
            .use(partials: [common, UserSchema.partial, StorySchema.partial, StoryEngineSchema.partial, ProgressSchema.partial,
                            AssetSchema.partial, GenerationSchema.partial])
            .build()
    }
}
