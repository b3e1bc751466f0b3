import Foundation
import Metrics
import Protocols
import Synchronization

/// A ``StoryStore`` that times every call of the store it wraps:
/// `store_call_duration_seconds{operation}` and, for calls that throw,
/// `store_call_errors_total{operation}` (the operation is the port method, e.g. `scenes(ids:)`, a
/// fixed set). It also counts the generation jobs queued (`generation_jobs_total{kind, status="queued"}`,
/// see ``GenerationMetrics``), and makes a span of each call when tracing is on. It changes nothing else: every call goes to the wrapped store as it is.
struct MeteredStore: StoryStore {
    let base: any StoryStore
    private let timers = TimerCache()

    init(_ base: any StoryStore) {
        self.base = base
    }

    private func measure<T>(_ operation: StaticString, _ body: () async throws -> T) async throws -> T {
        let start = ContinuousClock.now
        do {
            let value = try await Traces.span("store \(operation)", attributes: { $0["db.operation.name"] = "\(operation)" }, body)
            timers.timer(operation).record(duration: ContinuousClock.now - start)
            return value
        } catch {
            timers.timer(operation).record(duration: ContinuousClock.now - start)
            timers.errors(operation).increment()
            throw error
        }
    }

    // MARK: StoryStore

    func ping() async throws { try await measure("ping") { try await base.ping() } }
    func close() async throws { try await base.close() }
    var startUpWarnings: [String] { base.startUpWarnings }
    func sceneGraph(scenarioIds: [ObjectId]) async throws -> SceneGraph {
        try await measure("sceneGraph(scenarioIds:)") { try await base.sceneGraph(scenarioIds: scenarioIds) }
    }

    // MARK: UserStore

    func insertUser(_ user: User) async throws { try await measure("insertUser") { try await base.insertUser(user) } }
    func users(ids: [ObjectId]) async throws -> [User] { try await measure("users(ids:)") { try await base.users(ids: ids) } }
    func user(email: String) async throws -> User? { try await measure("user(email:)") { try await base.user(email: email) } }
    func allUsers() async throws -> [User] { try await measure("allUsers") { try await base.allUsers() } }
    func updateUser(_ user: User) async throws { try await measure("updateUser") { try await base.updateUser(user) } }
    func deleteUser(id: ObjectId) async throws -> Bool { try await measure("deleteUser") { try await base.deleteUser(id: id) } }

    // MARK: ScenarioStore

    func insertScenario(_ scenario: Scenario) async throws {
        try await measure("insertScenario") { try await base.insertScenario(scenario) }
    }
    func scenarios(ids: [ObjectId]) async throws -> [Scenario] {
        try await measure("scenarios(ids:)") { try await base.scenarios(ids: ids) }
    }
    func scenarios(_ filter: ScenarioFilter) async throws -> [Scenario] {
        try await measure("scenarios(filter:)") { try await base.scenarios(filter) }
    }
    func updateScenario(_ scenario: Scenario) async throws {
        try await measure("updateScenario") { try await base.updateScenario(scenario) }
    }
    func deleteScenario(id: ObjectId) async throws -> DeletionSummary? {
        try await measure("deleteScenario") { try await base.deleteScenario(id: id) }
    }

    // MARK: SceneStore

    func insertScene(_ scene: Scene) async throws { try await measure("insertScene") { try await base.insertScene(scene) } }
    func scenes(ids: [ObjectId]) async throws -> [Scene] { try await measure("scenes(ids:)") { try await base.scenes(ids: ids) } }
    func scenes(scenarioIds: [ObjectId]) async throws -> [Scene] {
        try await measure("scenes(scenarioIds:)") { try await base.scenes(scenarioIds: scenarioIds) }
    }
    func updateScene(_ scene: Scene, slots: Set<SceneSlot>) async throws {
        try await measure("updateScene") { try await base.updateScene(scene, slots: slots) }
    }
    func attachAsset(_ assetId: ObjectId, to slot: SceneSlot, ofScene sceneId: ObjectId) async throws -> Bool {
        try await measure("attachAsset") { try await base.attachAsset(assetId, to: slot, ofScene: sceneId) }
    }
    func deleteScene(id: ObjectId) async throws -> DeletionSummary? {
        try await measure("deleteScene") { try await base.deleteScene(id: id) }
    }

    // MARK: ChoiceStore

    func insertChoice(_ choice: Choice) async throws { try await measure("insertChoice") { try await base.insertChoice(choice) } }
    func choices(ids: [ObjectId]) async throws -> [Choice] { try await measure("choices(ids:)") { try await base.choices(ids: ids) } }
    func choices(fromSceneIds: [ObjectId]) async throws -> [Choice] {
        try await measure("choices(fromSceneIds:)") { try await base.choices(fromSceneIds: fromSceneIds) }
    }
    func updateChoice(_ choice: Choice) async throws { try await measure("updateChoice") { try await base.updateChoice(choice) } }
    func deleteChoices(ids: [ObjectId]) async throws -> Int {
        try await measure("deleteChoices") { try await base.deleteChoices(ids: ids) }
    }

    // MARK: ProgressStore

    func insertProgress(_ progress: PlayerProgress) async throws {
        try await measure("insertProgress") { try await base.insertProgress(progress) }
    }
    func progress(ids: [ObjectId]) async throws -> [PlayerProgress] {
        try await measure("progress(ids:)") { try await base.progress(ids: ids) }
    }
    func progress(_ filter: ProgressFilter) async throws -> [PlayerProgress] {
        try await measure("progress(filter:)") { try await base.progress(filter) }
    }
    func appendStep(
        _ step: ProgressStep, toProgress id: ObjectId, at date: Date, ifCurrentScene expected: ObjectId?
    ) async throws -> PlayerProgress {
        try await measure("appendStep") { try await base.appendStep(step, toProgress: id, at: date, ifCurrentScene: expected) }
    }
    func updateProgress(_ progress: PlayerProgress) async throws {
        try await measure("updateProgress") { try await base.updateProgress(progress) }
    }
    func updateProgress(_ progress: PlayerProgress, ifVersion expected: ProgressVersion) async throws {
        try await measure("updateProgress(ifVersion:)") { try await base.updateProgress(progress, ifVersion: expected) }
    }
    func deleteProgress(id: ObjectId) async throws -> Bool {
        try await measure("deleteProgress") { try await base.deleteProgress(id: id) }
    }

    // MARK: AssetStore

    func insertAsset(_ asset: Asset) async throws { try await measure("insertAsset") { try await base.insertAsset(asset) } }
    func assets(ids: [ObjectId]) async throws -> [Asset] { try await measure("assets(ids:)") { try await base.assets(ids: ids) } }
    func assets(_ filter: AssetFilter) async throws -> [Asset] {
        try await measure("assets(filter:)") { try await base.assets(filter) }
    }
    func updateAsset(_ asset: Asset) async throws { try await measure("updateAsset") { try await base.updateAsset(asset) } }
    func deleteAsset(id: ObjectId) async throws -> Asset? { try await measure("deleteAsset") { try await base.deleteAsset(id: id) } }
    func deleteAssetIfUnused(id: ObjectId) async throws -> Asset? {
        try await measure("deleteAssetIfUnused") { try await base.deleteAssetIfUnused(id: id) }
    }
    func fileReferences() async throws -> FileReferences {
        try await measure("fileReferences") { try await base.fileReferences() }
    }

    // MARK: GenerationJobStore

    func insertJob(_ job: GenerationJob) async throws {
        try await measure("insertJob") { try await base.insertJob(job) }
        GenerationMetrics.record(kind: job.kind, status: "queued")
    }
    func jobs(ids: [ObjectId]) async throws -> [GenerationJob] { try await measure("jobs(ids:)") { try await base.jobs(ids: ids) } }
    func jobs(_ filter: JobFilter) async throws -> [GenerationJob] {
        try await measure("jobs(filter:)") { try await base.jobs(filter) }
    }
    func claimJob(kinds: Set<GenerationKind>, owner: String, now: Date, leaseUntil: Date) async throws -> GenerationJob? {
        try await measure("claimJob") { try await base.claimJob(kinds: kinds, owner: owner, now: now, leaseUntil: leaseUntil) }
    }
    func renewLease(jobId: ObjectId, owner: String, leaseUntil: Date, progress: Double?) async throws -> Bool {
        try await measure("renewLease") { try await base.renewLease(jobId: jobId, owner: owner, leaseUntil: leaseUntil, progress: progress) }
    }
    func finishJob(jobId: ObjectId, owner: String, outcome: JobOutcome, at date: Date) async throws -> Bool {
        try await measure("finishJob") { try await base.finishJob(jobId: jobId, owner: owner, outcome: outcome, at: date) }
    }

    // MARK: LoginAttemptStore

    func reserveLoginAttempt(_ limits: [LoginLimit], window: TimeInterval, now: Date) async throws -> LoginReservation {
        try await measure("reserveLoginAttempt") { try await base.reserveLoginAttempt(limits, window: window, now: now) }
    }
    func releaseLoginAttempt(keys: [String], now: Date) async throws {
        try await measure("releaseLoginAttempt") { try await base.releaseLoginAttempt(keys: keys, now: now) }
    }
    func clearLoginAttempts(keys: [String]) async throws {
        try await measure("clearLoginAttempts") { try await base.clearLoginAttempts(keys: keys) }
    }
}

/// The metric handles of a ``MeteredStore``, made once per operation: the operations are the port's
/// methods, so the set is fixed and small.
private final class TimerCache: Sendable {
    /// By the address of the operation's literal: its text would be a `String` made (for most
    /// names, allocated) and hashed at every call.
    private let handles = Mutex<[UInt: (Metrics.Timer, Counter)]>([:])

    func timer(_ operation: StaticString) -> Metrics.Timer { handle(operation).0 }
    func errors(_ operation: StaticString) -> Counter { handle(operation).1 }

    private func handle(_ operation: StaticString) -> (Metrics.Timer, Counter) {
        let key = operation.hasPointerRepresentation ? UInt(bitPattern: operation.utf8Start) : UInt(operation.unicodeScalar.value)
        return handles.withLock { handles in
            if let handle = handles[key] { return handle }
            let name = operation.description
            let handle = (
                Metrics.Timer(label: "store_call_duration_seconds", dimensions: [("operation", name)]),
                Counter(label: "store_call_errors_total", dimensions: [("operation", name)]))
            handles[key] = handle
            return handle
        }
    }
}
