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

/// What a cascading delete removed, so that the host can delete the files of removed assets.
public struct DeletionSummary: Hashable, Sendable {
    public var scenes: Int
    public var choices: Int
    public var assets: [Asset]

    public init(scenes: Int = 0, choices: Int = 0, assets: [Asset] = []) {
        self.scenes = scenes
        self.choices = choices
        self.assets = assets
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
    /// Deletes a scenario with its scenes, the choices from and to them, the progress on it, and the
    /// assets its scenes reference that its author uploaded and no other scenario's scene uses (an
    /// author may attach another user's public asset: deleting the scenario must not delete it), in one
    /// transaction. `nil` when there was no such scenario.
    func deleteScenario(id: ObjectId) async throws -> DeletionSummary?
}
