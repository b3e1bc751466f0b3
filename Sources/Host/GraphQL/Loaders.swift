import Protocols
import Synchronization

/// The batch loaders of one request.
final class Loaders: Sendable {
    let users: BatchLoader<ObjectId, User>
    let scenarios: BatchLoader<ObjectId, Scenario>
    let scenes: BatchLoader<ObjectId, Scene>
    let choices: BatchLoader<ObjectId, Choice>
    let assets: BatchLoader<ObjectId, Asset>
    let jobs: BatchLoader<ObjectId, GenerationJob>
    /// The scenes of a scenario, ordered.
    let scenesOfScenario: BatchLoader<ObjectId, [Scene]>
    /// The choices leaving a scene, ordered.
    let choicesOfScene: BatchLoader<ObjectId, [Choice]>

    /// Set by ``readChoicesWithScenes()``.
    private let choicesWithScenes: Flag

    init(store: any StoryStore) {
        let choicesWithScenes = Flag()
        self.choicesWithScenes = choicesWithScenes
        users = BatchLoader("users") { ids in byID(try await store.users(ids: ids)) }
        scenarios = BatchLoader("scenarios") { ids in byID(try await store.scenarios(ids: ids)) }
        scenes = BatchLoader("scenes") { ids in byID(try await store.scenes(ids: ids)) }
        choices = BatchLoader("choices") { ids in byID(try await store.choices(ids: ids)) }
        assets = BatchLoader("assets") { ids in byID(try await store.assets(ids: ids)) }
        jobs = BatchLoader("jobs") { ids in byID(try await store.jobs(ids: ids)) }
        let choicesOfScene = BatchLoader<ObjectId, [Choice]>("choicesOfScene") { ids in
            grouped(ids, try await store.choices(fromSceneIds: ids)) { $0.fromSceneId }
        }
        self.choicesOfScene = choicesOfScene
        scenesOfScenario = BatchLoader("scenesOfScenario") { ids in
            guard choicesWithScenes.isSet else { return grouped(ids, try await store.scenes(scenarioIds: ids)) { $0.scenarioId } }
            let graph = try await store.sceneGraph(scenarioIds: ids)
            choicesOfScene.store(grouped(graph.scenes.map { $0.id }, graph.choices) { $0.fromSceneId })
            return grouped(ids, graph.scenes) { $0.scenarioId }
        }
    }

    /// From now on, the scenes of a scenario are read with the choices leaving them, in one store
    /// call (``StoryStore/sceneGraph(scenarioIds:)``): for a query that lists both (its plan says
    /// so, ``QueryPlan/listsScenesWithChoices``), which would otherwise read the choices next.
    func readChoicesWithScenes() { choicesWithScenes.set() }

    // Closures rather than key paths below: a key path applied in a loop is a runtime call per item.

    /// Announces what the fields of these scenes will load.
    func prepare(scenes list: [Scene]) {
        scenes.store(list) { $0.id }
        choicesOfScene.prime(list.lazy.map { $0.id })
        var media: [ObjectId] = []
        for scene in list {
            if let id = scene.imageId { media.append(id) }
            if let id = scene.soundId { media.append(id) }
            if let id = scene.musicId { media.append(id) }
        }
        if !media.isEmpty { assets.prime(media) }
    }

    /// Announces what the fields of these choices will load. (They are not kept by id: a query
    /// that lists choices rarely asks for one of them by id too, and keeping them cost a copy and
    /// a hash each.)
    func prepare(choices list: [Choice]) {
        scenes.prime(list.lazy.map { $0.fromSceneId })
        scenes.prime(list.lazy.map { $0.toSceneId })
    }

    /// Announces what the fields of these scenarios will load.
    func prepare(scenarios list: [Scenario]) {
        scenarios.store(list) { $0.id }
        users.prime(list.lazy.map { $0.authorId })
        scenesOfScenario.prime(list.lazy.map { $0.id })
    }
}

/// A flag set once, read by the loaders' fetches.
private final class Flag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .relaxed) }
    func set() { value.store(true, ordering: .relaxed) }
}

private func byID<T: Identifiable>(_ values: [T]) -> [T.ID: T] {
    Dictionary(values.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
}

private func grouped<T>(_ keys: [ObjectId], _ values: [T], by key: (T) -> ObjectId) -> [ObjectId: [T]] {
    var result = Dictionary(uniqueKeysWithValues: keys.map { ($0, [T]()) })
    for value in values { result[key(value), default: []].append(value) }
    return result
}
