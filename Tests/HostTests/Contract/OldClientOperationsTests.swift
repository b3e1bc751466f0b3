import Foundation
import Protocols
import Testing

@testable import Host

/// Every query and mutation of the old server's contract, written as its clients write them: named
/// operations whose variables are declared with the old type names (`CreateSceneInput!`,
/// `[ID!]!`, …), run through HTTP on SQLite and on MongoDB. A renamed input or payload type fails
/// these operations at validation, before any resolver runs.
@Suite("The old server's clients' operations")
struct OldClientOperationsTests {
    enum Backend: String, CaseIterable, Sendable { case sqlite, mongo }

    @Test("every operation of the contract runs as the old client writes it", arguments: Backend.allCases)
    func everyOperation(backend: Backend) async throws {
        guard let env = try Self.env(backend) else { return }
        defer { if backend == .mongo { _ = try? pymongo("drop_database.py", [MongoCompatibilityTests.uri ?? "", env["MONGODB_DB_NAME"]!]) } }
        try await TestServer.with(env) { api in
            let client = OldClient(api)
            try await Self.play(client)
            let (queries, mutations) = try Contract.rootFields()
            #expect(queries.count > 20 && mutations.count > 25)
            #expect(queries.union(mutations).subtracting(client.fieldsUsed).sorted() == [])
        }
    }

    /// Runs `body` with a fresh server on `backend` (nothing when MongoDB is not available), and drops
    /// the MongoDB database after.
    static func with(_ backend: Backend, _ body: @escaping @Sendable (TestAPI) async throws -> Void) async throws {
        guard let env = try env(backend) else { return }
        defer { if backend == .mongo { _ = try? pymongo("drop_database.py", [MongoCompatibilityTests.uri ?? "", env["MONGODB_DB_NAME"]!]) } }
        try await TestServer.with(env, body)
    }

    static func env(_ backend: Backend) throws -> [String: String]? {
        switch backend {
        case .sqlite: return [:]
        case .mongo:
            guard !MongoCompatibilityTests.skipped else { return nil }
            let uri = try #require(MongoCompatibilityTests.uri)
            return ["DB_TYPE": "mongo", "MONGODB_URI": uri, "MONGODB_DB_NAME": "old_client_\(UInt32.random(in: 0...UInt32.max))"]
        }
    }

    // MARK: The operations, in the order an editor and a player use them

    static func play(_ c: OldClient) async throws {
        let api = c.api
        _ = try await api.admin("author@example.com", password: "password1")

        // Accounts and tokens.
        let signUp = try await c.call("createUser", """
            mutation CreateUser($input: CreateUserInput!) {
              createUser(input: $input) { __typename success message user { id mongoId email role firstName lastName createdAt updatedAt } } }
            """, ["input": ["email": "reader@example.com", "password": "password1", "firstName": "Ann", "lastName": "Reader"]])
        #expect(signUp.string("data.createUser.__typename") == "CreateUser")
        let playerId = try #require(signUp.string("data.createUser.user.id"))

        let login = try await c.call("login", """
            mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { __typename token success message } }
            """, ["email": "author@example.com", "password": "password1"])
        #expect(login.string("data.login.__typename") == "Login")
        let admin = try #require(login.string("data.login.token"))

        let tokenAuth = try await c.call("tokenAuth", """
            mutation TokenAuth($username: String!, $password: String!) {
              tokenAuth(username: $username, password: $password) { __typename token payload refreshExpiresIn } }
            """, ["username": "reader@example.com", "password": "password1"])
        #expect(tokenAuth.string("data.tokenAuth.__typename") == "ObtainJSONWebToken")
        let player = try #require(tokenAuth.string("data.tokenAuth.token"))

        let verify = try await c.call("verifyToken", """
            mutation VerifyToken($token: String!) { verifyToken(token: $token) { __typename payload } }
            """, ["token": .string(player)])
        #expect(verify.string("data.verifyToken.__typename") == "Verify")
        #expect(verify.string("data.verifyToken.payload.email") == "reader@example.com")
        let refresh = try await c.call("refreshToken", """
            mutation RefreshToken($token: String) { refreshToken(token: $token) { __typename token payload refreshExpiresIn } }
            """, ["token": .string(player)])
        #expect(refresh.string("data.refreshToken.__typename") == "Refresh")

        try await c.call("me", "query Me { me { id email role } }", token: player)
        let users = try await c.call("allUsers", "query AllUsers { allUsers { id mongoId email role } }", token: admin)
        #expect(users.count("data.allUsers") == 2)
        try await c.call("userById", "query UserById($userId: ID!) { userById(userId: $userId) { email } }", ["userId": .string(playerId)], token: admin)
        try await c.call("userByEmail", "query UserByEmail($email: String!) { userByEmail(email: $email) { id } }", ["email": "reader@example.com"], token: admin)
        let updatedUser = try await c.call("updateUser", """
            mutation UpdateUser($userId: ID!, $input: UpdateUserInput!) {
              updateUser(userId: $userId, input: $input) { __typename success message user { firstName } } }
            """, ["userId": .string(playerId), "input": ["firstName": "Anna"]], token: player)
        #expect(updatedUser.string("data.updateUser.__typename") == "UpdateUser")
        #expect(updatedUser.string("data.updateUser.user.firstName") == "Anna")

        // The editor writes a story.
        let scenario = try await c.call("createScenario", """
            mutation CreateScenario($input: CreateScenarioInput!) {
              createScenario(input: $input) { __typename success message scenario { id mongoId title description isPublished authorId { id email } } } }
            """, ["input": ["title": "The Cave", "description": "A dark cave", "isPublished": false]], token: admin)
        #expect(scenario.string("data.createScenario.__typename") == "CreateScenario")
        let scenarioId = try #require(scenario.string("data.createScenario.scenario.id"))
        let createScene = """
            mutation CreateScene($input: CreateSceneInput!) {
              createScene(input: $input) { __typename success message scene { id mongoId title text order isStartScene isEndScene scenarioId { id } } } }
            """
        var sceneIds: [String] = []
        for (index, title) in ["Entrance", "Lake", "Exit"].enumerated() {
            let scene = try await c.call("createScene", createScene, ["input": [
                "scenarioId": .string(scenarioId), "title": .string(title), "text": "You stand here.", "order": .int(index),
                "isStartScene": .bool(index == 0), "isEndScene": .bool(index == 2),
            ]], token: admin)
            #expect(scene.string("data.createScene.__typename") == "CreateScene")
            sceneIds.append(try #require(scene.string("data.createScene.scene.id")))
        }
        let updatedScene = try await c.call("updateScene", """
            mutation UpdateScene($sceneId: ID!, $input: UpdateSceneInput!) {
              updateScene(sceneId: $sceneId, input: $input) { __typename success message scene { title } } }
            """, ["sceneId": .string(sceneIds[1]), "input": ["title": "Underground lake"]], token: admin)
        #expect(updatedScene.string("data.updateScene.__typename") == "UpdateScene")

        let createChoice = """
            mutation CreateChoice($input: CreateChoiceInput!) {
              createChoice(input: $input) { __typename success message choice { id mongoId text order condition fromSceneId { id } toSceneId { id } } } }
            """
        var choiceIds: [String] = []
        for (from, to) in [(0, 1), (1, 2), (0, 2), (1, 0)] {
            let choice = try await c.call("createChoice", createChoice, ["input": [
                "fromSceneId": .string(sceneIds[from]), "toSceneId": .string(sceneIds[to]), "text": "Go", "condition": "{}",
            ]], token: admin)
            #expect(choice.string("data.createChoice.__typename") == "CreateChoice")
            choiceIds.append(try #require(choice.string("data.createChoice.choice.id")))
        }
        let updatedChoice = try await c.call("updateChoice", """
            mutation UpdateChoice($choiceId: ID!, $input: UpdateChoiceInput!) {
              updateChoice(choiceId: $choiceId, input: $input) { __typename success message choice { text order } } }
            """, ["choiceId": .string(choiceIds[0]), "input": ["text": "Walk to the lake", "order": 1]], token: admin)
        #expect(updatedChoice.string("data.updateChoice.__typename") == "UpdateChoice")

        // Published once written: publishing checks the story (issue 12), so an empty draft stays a draft.
        let published = try await c.call("updateScenario", """
            mutation UpdateScenario($scenarioId: ID!, $input: UpdateScenarioInput!) {
              updateScenario(scenarioId: $scenarioId, input: $input) { __typename success message scenario { isPublished } } }
            """, ["scenarioId": .string(scenarioId), "input": ["isPublished": true]], token: admin)
        #expect(published.string("data.updateScenario.__typename") == "UpdateScenario")
        #expect(published.bool("data.updateScenario.scenario.isPublished") == true)

        // Reading the story.
        let all = try await c.call("allScenarios", """
            query AllScenarios($publishedOnly: Boolean) { allScenarios(publishedOnly: $publishedOnly) { id title authorId { id } } }
            """, ["publishedOnly": true])
        #expect(all.count("data.allScenarios") == 1)
        let byId = try await c.call("scenarioById", """
            query GetScenarioById($scenarioId: ID!) {
              scenarioById(scenarioId: $scenarioId) { id title scenesList { id title order choices { id text toSceneId { id title } } }
                scenes(first: 2) { edges { cursor node { id title } } pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } } }
            """, ["scenarioId": .string(scenarioId)], token: admin)
        #expect(byId.count("data.scenarioById.scenesList") == 3)
        #expect(byId.count("data.scenarioById.scenes.edges") == 2)
        try await c.call("scenariosByAuthor", """
            query ScenariosByAuthor($authorId: ID!) { scenariosByAuthor(authorId: $authorId) { id } }
            """, ["authorId": .string(try #require(scenario.string("data.createScenario.scenario.authorId.id")))])
        try await c.call("sceneById", "query SceneById($sceneId: ID!) { sceneById(sceneId: $sceneId) { id title choices { id } } }",
                         ["sceneId": .string(sceneIds[0])], token: player)
        let scenes = try await c.call("scenesByScenario", "query ScenesByScenario($scenarioId: ID!) { scenesByScenario(scenarioId: $scenarioId) { id } }",
                                      ["scenarioId": .string(scenarioId)], token: player)
        #expect(scenes.count("data.scenesByScenario") == 3)
        try await c.call("choiceById", "query ChoiceById($choiceId: ID!) { choiceById(choiceId: $choiceId) { id text } }",
                         ["choiceId": .string(choiceIds[0])], token: player)
        let choices = try await c.call("choicesByScene", "query ChoicesByScene($sceneId: ID!) { choicesByScene(sceneId: $sceneId) { id } }",
                                       ["sceneId": .string(sceneIds[0])], token: player)
        #expect(choices.count("data.choicesByScene") == 2)

        // Assets.
        let asset = try await c.call("createAsset", """
            mutation CreateAsset($input: CreateAssetInput!) {
              createAsset(input: $input) { __typename success message asset { id mongoId type name filename url isPublic uploadedBy { id } duration } } }
            """, ["input": ["type": "sound", "name": "Drip", "filename": "drip.mp3", "url": "https://cdn.example.com/drip.mp3",
                            "fileSize": 1000, "mimeType": "audio/mpeg", "metadata": #"{"duration": 12.5}"#]], token: admin)
        #expect(asset.string("data.createAsset.__typename") == "CreateAsset")
        #expect(asset.string("data.createAsset.asset.duration") == "12.5")
        let assetId = try #require(asset.string("data.createAsset.asset.id"))
        let updatedAsset = try await c.call("updateAsset", """
            mutation UpdateAsset($assetId: ID!, $input: UpdateAssetInput!) {
              updateAsset(assetId: $assetId, input: $input) { __typename success message asset { name } } }
            """, ["assetId": .string(assetId), "input": ["name": "Water drip"]], token: admin)
        #expect(updatedAsset.string("data.updateAsset.__typename") == "UpdateAsset")
        try await c.call("allAssets", "query AllAssets($typeFilter: String) { allAssets(typeFilter: $typeFilter) { id } }", ["typeFilter": "sound"], token: admin)
        try await c.call("assetById", "query AssetById($assetId: ID!) { assetById(assetId: $assetId) { id name } }", ["assetId": .string(assetId)])
        try await c.call("assetsByType", "query AssetsByType($type: String!) { assetsByType(type: $type) { id } }", ["type": "sound"], token: admin)
        let adminId = try #require(scenario.string("data.createScenario.scenario.authorId.id"))
        try await c.call("assetsByUploader", "query AssetsByUploader($uploaderId: ID!) { assetsByUploader(uploaderId: $uploaderId) { id } }",
                         ["uploaderId": .string(adminId)], token: admin)
        try await c.call("myAssets", "query MyAssets { myAssets { id } }", token: admin)
        try await c.call("publicAssets", "query PublicAssets($typeFilter: String) { publicAssets(typeFilter: $typeFilter) { id } }", ["typeFilter": "sound"])
        try await c.call("assets", "query Assets($type: String) { assets(type: $type) { id } }", ["type": "sound"], token: admin)
        let one = try await c.call("asset", "query Asset($id: String!) { asset(id: $id) { id name } }", ["id": .string(assetId)])
        #expect(one.string("data.asset.name") == "Water drip")
        let narration = try await c.call("generateAsset", """
            mutation GenerateAsset($type: String!, $name: String!, $description: String, $soundType: String, $language: String, $duration: Int) {
              generateAsset(type: $type, name: $name, description: $description, soundType: $soundType, language: $language, duration: $duration) {
                __typename success message asset { id type } } }
            """, ["type": "sound", "name": "Welcome", "description": "Welcome to the cave.", "soundType": "tts", "language": "en"], token: admin)
        #expect(narration.string("data.generateAsset.__typename") == "GenerateAsset")
        let image = try await c.call("generateImageWithAI", """
            mutation GenerateImageWithAI($prompt: String!) { generateImageWithAI(prompt: $prompt) { __typename asset { id } } }
            """, ["prompt": "a cave"], token: admin)
        #expect(image.string("data.generateImageWithAI.__typename") == "GenerateImageWithAI")
        let sound = try await c.call("generateSoundWithAI", """
            mutation GenerateSoundWithAI($prompt: String!) { generateSoundWithAI(prompt: $prompt) { __typename asset { id type } } }
            """, ["prompt": "Drops fall in the dark."], token: admin)
        #expect(sound.string("data.generateSoundWithAI.__typename") == "GenerateSoundWithAI")
        var upload = MultipartBody()
        upload.field("operations", JSONValue.object([
            "operationName": "UploadAsset",
            "query": "mutation UploadAsset($file: Upload!, $type: String!, $name: String!) { uploadAsset(file: $file, type: $type, name: $name) { __typename asset { id url } } }",
            "variables": ["file": .null, "type": "image", "name": "Cave"],
        ]).jsonString)
        upload.field("map", #"{"0": ["variables.file"]}"#)
        upload.file("0", filename: "cave.png", SampleMedia.png())
        upload.close()
        let uploaded = try await api.postMultipart(upload, token: admin)
        c.record("uploadAsset")
        #expect(uploaded.errors == [])
        #expect(uploaded.string("data.uploadAsset.__typename") == "UploadAsset")
        let uploadedId = try #require(uploaded.string("data.uploadAsset.asset.id"))

        // A player plays.
        let progress = try await c.call("createProgress", """
            mutation CreateProgress($input: CreateProgressInput!) {
              createProgress(input: $input) { __typename success message progress { id currentSceneId { id } scenarioId { id } userId { id } } } }
            """, ["input": ["scenarioId": .string(scenarioId), "currentSceneId": .string(sceneIds[0])]], token: player)
        #expect(progress.string("data.createProgress.__typename") == "CreateProgress")
        let progressId = try #require(progress.string("data.createProgress.progress.id"))
        let recorded = try await c.call("recordProgress", """
            mutation RecordProgress($input: RecordProgressInput!) {
              recordProgress(input: $input) { __typename success message progress { currentSceneId { id }
                history { mongoId sceneId { id } choiceId { id } timestamp metadata } } } }
            """, ["input": ["progressId": .string(progressId), "sceneId": .string(sceneIds[1]), "choiceId": .string(choiceIds[0]), "metadata": "{}"]],
            token: player)
        #expect(recorded.string("data.recordProgress.__typename") == "RecordProgress")
        #expect(recorded.bool("data.recordProgress.success") == true, "\(recorded)")
        let updatedProgress = try await c.call("updateProgress", """
            mutation UpdateProgress($progressId: ID!, $input: UpdateProgressInput!) {
              updateProgress(progressId: $progressId, input: $input) { __typename success message progress { totalTimeSpent } } }
            """, ["progressId": .string(progressId), "input": ["totalTimeSpent": 42]], token: player)
        #expect(updatedProgress.string("data.updateProgress.__typename") == "UpdateProgress")
        let back = try await c.call("goBackInHistory", """
            mutation GoBackInHistory($progressId: ID!, $stepsBack: Int!) {
              goBackInHistory(progressId: $progressId, stepsBack: $stepsBack) { __typename success message progress { currentSceneId { id } } } }
            """, ["progressId": .string(progressId), "stepsBack": 1], token: player)
        #expect(back.string("data.goBackInHistory.__typename") == "GoBackInHistory")
        try await c.call("allProgress", "query AllProgress { allProgress { id progressPercentage } }", token: admin)
        try await c.call("progressById", "query ProgressById($progressId: ID!) { progressById(progressId: $progressId) { id isCompleted } }",
                         ["progressId": .string(progressId)], token: player)
        try await c.call("progressByUser", "query ProgressByUser($userId: ID!) { progressByUser(userId: $userId) { id } }",
                         ["userId": .string(playerId)], token: player)
        try await c.call("progressByScenario", "query ProgressByScenario($scenarioId: ID!) { progressByScenario(scenarioId: $scenarioId) { id } }",
                         ["scenarioId": .string(scenarioId)], token: admin)
        try await c.call("myProgress", "query MyProgress { myProgress { id scenarioId { title } } }", token: player)
        try await c.call("progressByUserAndScenario", """
            query ProgressByUserAndScenario($userId: ID!, $scenarioId: ID!) { progressByUserAndScenario(userId: $userId, scenarioId: $scenarioId) { id } }
            """, ["userId": .string(playerId), "scenarioId": .string(scenarioId)], token: player)
        let deletedProgress = try await c.call("deleteProgress", """
            mutation DeleteProgress($progressId: ID!) { deleteProgress(progressId: $progressId) { __typename success message } }
            """, ["progressId": .string(progressId)], token: player)
        #expect(deletedProgress.string("data.deleteProgress.__typename") == "DeleteProgress")

        // The editor tidies up.
        let deletedChoice = try await c.call("deleteChoice", """
            mutation DeleteChoice($choiceId: ID!) { deleteChoice(choiceId: $choiceId) { __typename success message } }
            """, ["choiceId": .string(choiceIds[3])], token: admin)
        #expect(deletedChoice.string("data.deleteChoice.__typename") == "DeleteChoice")
        let deletedChoices = try await c.call("deleteChoices", """
            mutation DeleteChoices($choiceIds: [ID!]!) { deleteChoices(choiceIds: $choiceIds) { __typename success message } }
            """, ["choiceIds": [.string(choiceIds[1]), .string(choiceIds[2])]], token: admin)
        #expect(deletedChoices.string("data.deleteChoices.__typename") == "DeleteChoices")
        #expect(deletedChoices.string("data.deleteChoices.message") == "2 choices deleted")
        let deletedScene = try await c.call("deleteScene", """
            mutation DeleteScene($sceneId: ID!) { deleteScene(sceneId: $sceneId) { __typename success message } }
            """, ["sceneId": .string(sceneIds[2])], token: admin)
        #expect(deletedScene.string("data.deleteScene.__typename") == "DeleteScene")
        let deletedAsset = try await c.call("deleteAsset", """
            mutation DeleteAsset($assetId: ID!) { deleteAsset(assetId: $assetId) { __typename success message } }
            """, ["assetId": .string(assetId)], token: admin)
        #expect(deletedAsset.string("data.deleteAsset.__typename") == "DeleteAsset")
        #expect(deletedAsset.bool("data.deleteAsset.success") == true)
        let deletedByPlanId = try await c.call("deleteAsset", """
            mutation DeleteAsset($id: String!) { deleteAsset(id: $id) { success message } }
            """, ["id": .string(uploadedId)], token: admin)
        #expect(deletedByPlanId.bool("data.deleteAsset.success") == true)
        let deletedScenario = try await c.call("deleteScenario", """
            mutation DeleteScenario($scenarioId: ID!) { deleteScenario(scenarioId: $scenarioId) { __typename success message } }
            """, ["scenarioId": .string(scenarioId)], token: admin)
        #expect(deletedScenario.string("data.deleteScenario.__typename") == "DeleteScenario")
        let deletedUser = try await c.call("deleteUser", """
            mutation DeleteUser($userId: ID!) { deleteUser(userId: $userId) { __typename success message } }
            """, ["userId": .string(playerId)], token: admin)
        #expect(deletedUser.string("data.deleteUser.__typename") == "DeleteUser")
        #expect(deletedUser.bool("data.deleteUser.success") == true)
    }
}
