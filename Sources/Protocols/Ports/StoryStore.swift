/// The persistence port: everything the server keeps, split by aggregate.
///
/// Adapters (`SQLiteStore`, `MongoStore`) implement it whole and pass the shared
/// `StoreConformance` suite.
public protocol StoryStore: UserStore, ScenarioStore, SceneStore, ChoiceStore, ProgressStore, AssetStore,
    GenerationJobStore
{
    /// Whether the store answers; throws ``StoreError/unavailable(_:)`` when it does not.
    func ping() async throws
    /// Releases connections. The store is not used afterwards.
    func close() async throws
}
