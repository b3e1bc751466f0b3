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
}

extension StoryStore {
    public var startUpWarnings: [String] { [] }
}
