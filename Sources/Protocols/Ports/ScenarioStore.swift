/// Which scenarios a listing returns.
public enum ScenarioFilter: Hashable, Sendable {
    /// Every scenario.
    case all
    /// Published scenarios only.
    case published
    /// The scenarios written by this author.
    case author(ObjectId)
    /// Published scenarios and those written by this user.
    case visible(to: ObjectId)
}

/// What a cascading delete removed, and the assets the removed scenes referenced (which the host
/// decides about: the stores delete no asset of their own accord).
public struct DeletionSummary: Hashable, Sendable {
    public var scenes: Int
    public var choices: Int
    /// The assets deleted with it (filled by the host's rule; a store answers none).
    public var assets: [Asset]
    /// The distinct assets the deleted scenes' media slots held.
    public var referencedAssetIds: Set<ObjectId>

    public init(scenes: Int = 0, choices: Int = 0, assets: [Asset] = [], referencedAssetIds: Set<ObjectId> = []) {
        self.scenes = scenes
        self.choices = choices
        self.assets = assets
        self.referencedAssetIds = referencedAssetIds
    }
}

/// Persistence of scenarios.
public protocol ScenarioStore: Sendable {
    func insertScenario(_ scenario: Scenario) async throws
    /// The scenarios with these ids; unknown ids are skipped.
    func scenarios(ids: [ObjectId]) async throws -> [Scenario]
    /// The scenarios the filter selects, oldest first.
    func scenarios(_ filter: ScenarioFilter) async throws -> [Scenario]
    /// Replaces a scenario. - Throws: `notFound`.
    func updateScenario(_ scenario: Scenario) async throws
    /// Deletes a scenario with its scenes, the choices from and to them, and the progress on it, in one
    /// transaction; the summary names the assets the scenes referenced (``DeletionSummary/referencedAssetIds``),
    /// which stay: which of them go is the host's rule (`AssetService`), applied with
    /// ``AssetStore/deleteAssetIfUnused(id:)``. `nil` when there was no such scenario.
    func deleteScenario(id: ObjectId) async throws -> DeletionSummary?
}
