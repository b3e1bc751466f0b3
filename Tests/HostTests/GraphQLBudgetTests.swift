import GraphQL
import Logging
import Protocols
import Testing

@testable import Host

/// The default limits let every operation of the old server's clients through with room to spare.
@Suite("GraphQL budget: the old clients' operations fit")
struct GraphQLBudgetTests {
    /// Operations as the editor and the player send them, written against the old server's schema
    /// (`/work/shared/contract/old-server.graphql` and `todo-frontend.graphql`).
    static let operations: [(String, String)] = [
        ("GetScenarioById", """
        query GetScenarioById($id: ID!) { scenarioById(scenarioId: $id) {
          id mongoId title description isPublished createdAt updatedAt
          authorId { id mongoId email firstName lastName role }
          scenesList { id mongoId title text order isStartScene isEndScene createdAt updatedAt
            imageId { id mongoId url name type mimeType } soundId { id mongoId url name type duration } musicId { id mongoId url name type duration }
            choices { id mongoId text order condition createdAt toSceneId { id mongoId title } fromSceneId { id mongoId } } } } }
        """),
        ("AllScenarios", """
        query AllScenarios { allScenarios(publishedOnly: true) { id mongoId title description isPublished createdAt updatedAt
          authorId { id mongoId email firstName lastName } scenesList { id mongoId title isStartScene } } }
        """),
        ("ScenariosByAuthor", "query($a: ID!) { scenariosByAuthor(authorId: $a) { id mongoId title description isPublished createdAt scenesList { id } } }"),
        ("ScenesByScenario", """
        query($s: ID!) { scenesByScenario(scenarioId: $s) { id mongoId title text order isStartScene isEndScene
          imageId { url } soundId { url } musicId { url } choices { id mongoId text order condition toSceneId { id mongoId title } } } }
        """),
        ("SceneById", """
        query($s: ID!) { sceneById(sceneId: $s) { id mongoId title text order isStartScene isEndScene
          scenarioId { id mongoId title } imageId { id url name } soundId { id url name } musicId { id url name }
          choices { id mongoId text order condition toSceneId { id mongoId title text isEndScene } } } }
        """),
        ("ScenesPage", """
        query($id: ID!) { scenarioById(scenarioId: $id) { scenes(first: 100) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
          edges { cursor node { id mongoId title text order choices { id text toSceneId { id title } } } } } } }
        """),
        ("ChoicesByScene", "query($s: ID!) { choicesByScene(sceneId: $s) { id mongoId text order condition fromSceneId { id title } toSceneId { id title } } }"),
        ("MyProgress", """
        query { myProgress { id mongoId isCompleted completedAt progressPercentage totalTimeSpent createdAt updatedAt
          scenarioId { id mongoId title description } userId { id email }
          currentSceneId { id mongoId title text isEndScene imageId { url } soundId { url } musicId { url }
            choices { id mongoId text order toSceneId { id mongoId title } } }
          history { mongoId timestamp metadata sceneId { id mongoId title } choiceId { id mongoId text } } } }
        """),
        ("ProgressByUserAndScenario", """
        query($u: ID!, $s: ID!) { progressByUserAndScenario(userId: $u, scenarioId: $s) { id mongoId isCompleted progressPercentage
          currentSceneId { id title text choices { id text toSceneId { id } } } history { sceneId { id } choiceId { id } timestamp } } }
        """),
        ("AllAssets", """
        query { allAssets(typeFilter: "image") { id mongoId name type url filename fileSize fileSizeMb fileExtension mimeType
          isPublic dimensions duration metadata createdAt updatedAt uploadedBy { id email } } }
        """),
        ("Assets (todo-frontend)", "query { assets(type: \"sound\") { id mongoId name type url mimeType duration } asset(id: \"x\") { id url } }"),
        ("Me and users", "query { me { id mongoId email firstName lastName role createdAt } allUsers { id mongoId email firstName lastName role createdAt updatedAt } }"),
        ("Login", "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token success message } }"),
        ("TokenAuth", "mutation($u: String!, $p: String!) { tokenAuth(username: $u, password: $p) { token payload refreshExpiresIn } }"),
        ("CreateScene", """
        mutation($i: CreateSceneInput!) { createScene(input: $i) { success message scene { id mongoId title text order isStartScene isEndScene
          imageId { url } soundId { url } musicId { url } } } }
        """),
        ("UpdateChoice", "mutation($id: ID!, $i: UpdateChoiceInput!) { updateChoice(choiceId: $id, input: $i) { success message choice { id text order toSceneId { id title } } } }"),
        ("DeleteChoices", "mutation($ids: [ID]!) { deleteChoices(choiceIds: $ids) { success message } }"),
        ("RecordProgress", """
        mutation($i: RecordProgressInput!) { recordProgress(input: $i) { success message progress { id isCompleted progressPercentage
          currentSceneId { id title text choices { id text toSceneId { id } } } } } }
        """),
        ("Reorder 100 scenes (aliased)", "mutation { " + (0..<100).map { #"s\#($0): updateScene(sceneId: "x", input: {order: \#($0)}) { success message scene { id order } }"# }.joined(separator: " ") + " }"),
        ("UploadAsset (todo-frontend)", "mutation($f: Upload!) { uploadAsset(file: $f, type: \"image\", name: \"cover\") { asset { id mongoId url name type mimeType fileSize dimensions } } }"),
        ("GenerateImageWithAI", "mutation { generateImageWithAI(prompt: \"a cave\") { asset { id url } } generateSoundWithAI(prompt: \"wind\") { asset { id url } } }"),
    ]

    @Test("each old-client operation is within the default limits, with room to spare")
    func fits() async throws {
        let settings = try ServerSettings(EnvironmentSettings.from(["DEBUG": "true", "SECRET_KEY": testSecret]))
        let executor = try GraphQLExecutor(settings: settings, logger: Logger(label: "test"))
        let limits = settings.graphQL
        for (name, text) in Self.operations {
            let document = try parse(source: Source(body: text))
            let cost = QueryCost(
                shape: executor.shape, variables: [:], listSizeEstimate: limits.listSizeEstimate,
                maxListSize: settings.limits.maxListSize, maxNesting: limits.maxDocumentNesting)
            let measure = try cost.measure(document)
            print("\(name): cost \(measure.cost), fields \(measure.nodes), aliases \(measure.aliases), depth \(measure.depth)")
            #expect(executor.budget.refusal(of: measure) == nil, "\(name): \(measure)")
            #expect(measure.cost * 2 <= limits.maxQueryCost, "\(name) leaves room: cost \(measure.cost)")
            #expect(measure.nodes * 4 <= limits.maxQueryNodes, "\(name) leaves room: \(measure.nodes) fields")
            #expect(measure.aliases * 2 <= limits.maxAliases, "\(name) leaves room: \(measure.aliases) aliases")
            #expect(DocumentNesting.depth(of: text) * 4 <= limits.maxDocumentNesting, "\(name) leaves room")
        }
    }

    @Test("GetScenarioById runs through HTTP on a scenario of 60 scenes with the default limits")
    func editorQueryRuns() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let seeded = try await Seed.scenario(api, scenes: 60, choicesPerScene: 3)
            let query = Self.operations[0].1
            let r = try await api.graphql(query, ["id": .string(seeded.hexString)], token: admin.token)
            #expect(r.errors.isEmpty, "\(r.errors)")
            #expect(r.count("data.scenarioById.scenesList") == 60)
            #expect(r.count("data.scenarioById.scenesList.0.choices") == 3)
        }
    }
}

/// Test data written straight to the store.
enum Seed {
    /// A published scenario of `scenes` scenes, each with `choicesPerScene` choices to the next ones.
    static func scenario(_ api: TestAPI, scenes count: Int, choicesPerScene: Int) async throws -> ObjectId {
        let author = User(email: "author-\(ObjectId().hexString)@example.com", passwordHash: "x", role: .admin)
        try await api.store.insertUser(author)
        let scenario = Scenario(title: "Big", authorId: author.id, isPublished: true)
        try await api.store.insertScenario(scenario)
        let scenes = (0..<count).map { Scene(scenarioId: scenario.id, title: "Scene \($0)", text: "Text \($0)", order: $0, isStartScene: $0 == 0) }
        for scene in scenes { try await api.store.insertScene(scene) }
        for (index, scene) in scenes.enumerated() {
            for c in 0..<choicesPerScene {
                let target = scenes[(index + c + 1) % count]
                try await api.store.insertChoice(Choice(fromSceneId: scene.id, toSceneId: target.id, text: "Go \(c)", order: c))
            }
        }
        return scenario.id
    }
}
