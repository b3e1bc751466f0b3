/// The persistence port: everything the server keeps, split by aggregate.
///
/// Adapters (`SQLiteStore`, `MongoStore`) implement it whole and pass the shared
/// `StoreConformance` suite.
public protocol StoryStore: UserStore, ScenarioStore, SceneStore, ChoiceStore, ProgressStore, AssetStore,
    GenerationJobStore, LoginAttemptStore
{
    /// Whether the store answers; throws ``StoreError/unavailable(_:)`` when it does not.
    func ping() async throws
    /// Releases connections. The store is not used afterwards.
    func close() async throws
    /// What the store could not set up but serves without (e.g. an index that existing data breaks),
    /// for the server to log at start-up.
    var startUpWarnings: [String] { get }
    /// The scenes of these scenarios and the choices leaving them: what ``SceneStore/scenes(scenarioIds:)``
    /// and then ``ChoiceStore/choices(fromSceneIds:)`` with those scenes' ids answer, in one call
    /// where the store can make it one (a query that lists scenes with their choices pays one round
    /// trip, not two). The default makes the two calls.
    func sceneGraph(scenarioIds: [ObjectId]) async throws -> SceneGraph
}

extension StoryStore {
    public var startUpWarnings: [String] { [] }

    public func sceneGraph(scenarioIds: [ObjectId]) async throws -> SceneGraph {
        let scenes = try await scenes(scenarioIds: scenarioIds)
        return SceneGraph(scenes: scenes, choices: try await choices(fromSceneIds: scenes.map(\.id)))
    }
}
