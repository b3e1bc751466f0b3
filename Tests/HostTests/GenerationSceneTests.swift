import Foundation
import Protocols
import Testing

@testable import Host

/// Generation through the API: scenes with `autoGenerate*`, the generate mutations, job queries.
@Suite("Generation through the API")
struct GenerationSceneTests {
    static let createScene = #"""
        mutation($s: ID!, $t: String!, $x: String, $i: Boolean, $so: Boolean, $m: Boolean) {
          createScene(input: {scenarioId: $s, title: $t, text: $x, autoGenerateImage: $i, autoGenerateSound: $so, autoGenerateMusic: $m}) {
            success message scene { mongoId imageId { mimeType } soundId { mimeType durationSeconds } musicId { mimeType } } jobs { status slot }
          }
        }
        """#

    static func sceneVariables(_ scenario: String, title: String = "Gate", text: String, image: Bool = false, sound: Bool = false, music: Bool = false) -> [String: JSONValue] {
        ["s": .string(scenario), "t": .string(title), "x": .string(text), "i": .bool(image), "so": .bool(sound), "m": .bool(music)]
    }

    // MARK: Scenes

    @Test("narration of a scene reads the whole scene text, even past AI_MAX_PROMPT_LENGTH")
    func narrationReadsWholeText() async throws {
        let fake = FakeGenerator()
        let text = (0..<60).map { "Phrase \($0) de la scène." }.joined(separator: " ")
        #expect(text.count > 1000)
        try await TestServer.with(generation: try fakeGeneration(fake, ["AI_MAX_PROMPT_LENGTH": "100"])) { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let r = try await api.graphql(Self.createScene, Self.sceneVariables(scenario, text: text, sound: true), token: admin.token)
            #expect(r.bool("data.createScene.success") == true)
            #expect(r.string("data.createScene.message") == "Scene created", "\(r)")
            #expect(r.string("data.createScene.scene.soundId.mimeType") == "audio/mpeg")
            #expect(fake.prompts(.speech) == [text])
        }
    }

    @Test("image and music prompts derived from a long scene text are cut to AI_MAX_PROMPT_LENGTH, and the message says so")
    func longPromptsShortened() async throws {
        let fake = FakeGenerator()
        let text = String(repeating: "The cave goes on and on. ", count: 20)
        try await TestServer.with(generation: try fakeGeneration(fake, ["AI_MAX_PROMPT_LENGTH": "100"])) { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let r = try await api.graphql(Self.createScene, Self.sceneVariables(scenario, text: text, image: true, music: true), token: admin.token)
            #expect(r.bool("data.createScene.success") == true)
            let message = try #require(r.string("data.createScene.message"))
            #expect(message.contains("image prompt shortened to its first 100 characters (AI_MAX_PROMPT_LENGTH)"), "\(message)")
            #expect(message.contains("music prompt shortened to its first 100 characters (AI_MAX_PROMPT_LENGTH)"), "\(message)")
            #expect(!message.contains("failed"), "\(message)")
            #expect(r.string("data.createScene.scene.imageId.mimeType") == "image/png")
            #expect(r.string("data.createScene.scene.musicId.mimeType") == "audio/wav")
            let image = try #require(fake.prompts(.image).first)
            #expect(image.count <= 100 && image.hasPrefix("Gate. The cave goes on"))
            let music = try #require(fake.prompts(.music).first)
            #expect(music.count <= 100 && music.hasPrefix("Ambient background music for this scene: Gate. The cave"))
        }
    }

    @Test("a short scene's prompts are not shortened")
    func shortPromptsKept() {
        let scene = Scene(scenarioId: ObjectId(), title: "Gate", text: "  A door in the rock  ")
        let image = APIContext.sceneRequest(for: .image, scene: scene, maxLength: 2000)
        #expect(image.kind == .image && image.prompt == "Gate. A door in the rock" && !image.shortened)
        let sound = APIContext.sceneRequest(for: .sound, scene: scene, maxLength: 5)
        #expect(sound.kind == .speech && sound.prompt == "A door in the rock" && !sound.shortened)
        #expect(sound.parameters["language"] == .string("fr"))
        let music = APIContext.sceneRequest(for: .music, scene: scene, maxLength: 2000)
        #expect(music.prompt == "Ambient background music for this scene: Gate. A door in the rock" && !music.shortened)
    }

    @Test("autoGenerate* needs an admin: a non-admin author's scene is saved and the message says why nothing was generated")
    func nonAdminAuthor() async throws {
        let fake = FakeGenerator()
        try await TestServer.with(generation: try fakeGeneration(fake)) { api in
            let player = try await api.player()
            let scenario = Scenario(title: "Mine", authorId: try #require(ObjectId(player.id)))
            try await api.store.insertScenario(scenario)
            let r = try await api.graphql(
                Self.createScene, Self.sceneVariables(scenario.id.hexString, text: "A door", image: true, music: true), token: player.token)
            #expect(r.bool("data.createScene.success") == true)
            #expect(r.string("data.createScene.message") == "Scene created; AI generation needs an admin: image, music not generated")
            #expect(r.count("data.createScene.jobs") == 0)
            let sceneId = try #require(r.string("data.createScene.scene.mongoId").flatMap(ObjectId.init))
            #expect(try await api.store.scenes(ids: [sceneId]).first?.title == "Gate")
            #expect(try await api.store.jobs(JobFilter(sceneId: sceneId)).isEmpty)
            #expect(fake.prompts(.image).isEmpty)
            let updated = try await api.graphql(
                #"mutation($id: ID!) { updateScene(sceneId: $id, input: {text: "Another door", autoGenerateSound: true}) { success message } }"#,
                ["id": .string(sceneId.hexString)], token: player.token)
            #expect(updated.bool("data.updateScene.success") == true)
            #expect(updated.string("data.updateScene.message") == "Scene updated; AI generation needs an admin: sound not generated")
        }
    }

    @Test("autoGenerateSound narrates the scene with eSpeak NG (the default provider)")
    func autoGenerateSoundWithESpeak() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let r = try await api.graphql(
                Self.createScene, Self.sceneVariables(scenario, text: "Une porte dans la roche.", sound: true), token: admin.token)
            #expect(r.string("data.createScene.message") == "Scene created", "\(r)")
            #expect(r.string("data.createScene.scene.soundId.mimeType") == "audio/mpeg")
            #expect((r["data.createScene.scene.soundId.durationSeconds"]?.doubleValue ?? 0) > 0.3)
            #expect(r.string("data.createScene.jobs.0.status") == "succeeded")
            #expect(r.string("data.createScene.jobs.0.slot") == "sound")
        }
    }

    @Test("autoGenerateMusic fills the music slot with the music provider's clip")
    func autoGenerateMusic() async throws {
        let fake = FakeGenerator()
        try await TestServer.with(generation: try fakeGeneration(fake)) { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let r = try await api.graphql(Self.createScene, Self.sceneVariables(scenario, text: "Wind in the trees", music: true), token: admin.token)
            #expect(r.string("data.createScene.message") == "Scene created", "\(r)")
            #expect(r.string("data.createScene.scene.musicId.mimeType") == "audio/wav")
            #expect(r.string("data.createScene.jobs.0.slot") == "music")
            #expect(fake.prompts(.music) == ["Ambient background music for this scene: Gate. Wind in the trees"])
        }
    }

    @Test("updateScene with autoGenerateImage, autoGenerateSound and autoGenerateMusic fills the three slots")
    func updateSceneAutoGenerates() async throws {
        let fake = FakeGenerator()
        try await TestServer.with(generation: try fakeGeneration(fake)) { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let scene = try await api.createScene(token: admin.token, scenario: scenario, title: "Hall")
            let r = try await api.graphql(
                #"mutation($id: ID!) { updateScene(sceneId: $id, input: {text: "Echoes", autoGenerateImage: true, autoGenerateSound: true, autoGenerateMusic: true}) { success message scene { imageId { type } soundId { mimeType } musicId { mimeType } } jobs { slot status } } }"#,
                ["id": .string(scene)], token: admin.token)
            #expect(r.string("data.updateScene.message") == "Scene updated", "\(r)")
            #expect(r.string("data.updateScene.scene.imageId.type") == "image")
            #expect(r.string("data.updateScene.scene.soundId.mimeType") == "audio/mpeg")
            #expect(r.string("data.updateScene.scene.musicId.mimeType") == "audio/wav")
            #expect(r.count("data.updateScene.jobs") == 3)
            #expect(fake.prompts(.image) == ["Hall. Echoes"])
            #expect(fake.prompts(.speech) == ["Echoes"])
        }
    }

    // MARK: The generate mutations

    @Test("past GENERATION_WAIT_SECONDS: success, no asset, the running job, and a message saying it is still running")
    func pastTheWait() async throws {
        let fake = FakeGenerator([.image: [[.waitForRelease]]])
        try await TestServer.with(generation: try fakeGeneration(fake, ["GENERATION_WAIT_SECONDS": "1", "GENERATION_LEASE_SECONDS": "30"])) { api in
            let admin = try await api.admin()
            let r = try await api.graphql(
                #"mutation { generateImageWithAI(prompt: "a slow castle") { success message asset { url } job { mongoId status } } }"#, token: admin.token)
            #expect(r.bool("data.generateImageWithAI.success") == true)
            #expect(r["data.generateImageWithAI.asset"] == .null)
            // Running, or still queued when a loaded machine has not let a worker claim it yet.
            #expect(["running", "queued"].contains(r.string("data.generateImageWithAI.job.status")), "\(r)")
            let id = try #require(r.string("data.generateImageWithAI.job.mongoId"))
            #expect(r.string("data.generateImageWithAI.message") == "Generation is still running; follow it with generationJob(id: \"\(id)\")")
            fake.release()
        }
    }

    @Test("generateAsset makes an image, and music of the asked duration; a bad duration is refused")
    func generateAssetImageAndMusic() async throws {
        let fake = FakeGenerator()
        try await TestServer.with(generation: try fakeGeneration(fake)) { api in
            let admin = try await api.admin()
            let image = try await api.graphql(
                #"mutation { generateAsset(type: "image", name: "Castle", description: "a castle at dawn") { success message asset { type name mimeType dimensions } job { kind status } } }"#,
                token: admin.token)
            #expect(image.bool("data.generateAsset.success") == true, "\(image)")
            #expect(image.string("data.generateAsset.asset.type") == "image")
            #expect(image.string("data.generateAsset.asset.name") == "Castle")
            #expect(image.string("data.generateAsset.asset.dimensions") == "1x1")
            #expect(image.string("data.generateAsset.job.kind") == "image")
            #expect(fake.prompts(.image) == ["a castle at dawn"])
            let music = try await api.graphql(
                #"mutation { generateAsset(type: "sound", description: "drums", soundType: "music", duration: 7) { success message asset { mimeType durationSeconds } } }"#,
                token: admin.token)
            #expect(music.bool("data.generateAsset.success") == true, "\(music)")
            #expect(music["data.generateAsset.asset.durationSeconds"]?.doubleValue == 7)
            #expect(fake.musicRequests.map(\.durationSeconds) == [7])
            let bad = try await api.graphql(
                #"mutation { generateAsset(type: "sound", description: "drums", soundType: "music", duration: -1) { success message } }"#, token: admin.token)
            #expect(bad.bool("data.generateAsset.success") == false)
            #expect(bad.string("data.generateAsset.message") == "duration must be a positive number of seconds")
        }
    }

    @Test("generateAsset narrates in French by default (eSpeak NG), with the clip's real duration")
    func generateAssetSpeech() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let r = try await api.graphql(
                #"mutation { generateAsset(type: "sound", description: "Le dragon dort au fond de la grotte.") { success message asset { mimeType durationSeconds } job { parameters } } }"#,
                token: admin.token)
            #expect(r.bool("data.generateAsset.success") == true, "\(r)")
            #expect(r.string("data.generateAsset.asset.mimeType") == "audio/mpeg")
            #expect((r["data.generateAsset.asset.durationSeconds"]?.doubleValue ?? 0) > 0.5)
            let parameters = try JSONValue(parsing: try #require(r.string("data.generateAsset.job.parameters")))
            #expect(parameters["language"] == .string("fr"))
            let english = try await api.graphql(
                #"mutation { generateAsset(type: "sound", description: "The dragon sleeps.", language: "en") { job { parameters } } }"#, token: admin.token)
            let en = try JSONValue(parsing: try #require(english.string("data.generateAsset.job.parameters")))
            #expect(en["language"] == .string("en"))
        }
    }

    @Test("generationJob and generationJobs are refused to players and to anonymous callers")
    func jobsRefused() async throws {
        try await TestServer.with { api in
            let player = try await api.player()
            let one = #"query { generationJob(id: "0123456789abcdef01234567") { status } }"#
            let many = "query { generationJobs { status } }"
            #expect(try await api.graphql(one, token: player.token).errors == ["You do not have permission to perform this action"])
            #expect(try await api.graphql(many, token: player.token).errors == ["You do not have permission to perform this action"])
            #expect(try await api.graphql(one).errors == [authenticationRequired])
            #expect(try await api.graphql(many).errors == [authenticationRequired])
        }
    }

    // MARK: Assembly

    @Test("IMAGE_PROVIDER defaults to huggingface when HUGGINGFACE_API_TOKEN is set")
    func imageProviderDefault() async throws {
        let configured = try await TestServer.make(["HUGGINGFACE_API_TOKEN": "hf_test_token"])
        defer { configured.remove() }
        let generation = try #require(configured.services.generation)
        #expect(generation.availableKinds.contains(.image))
        #expect(generation.image.map { String(describing: type(of: $0)) } == "HuggingFaceImageGenerator")
        let bare = try await TestServer.make()
        defer { bare.remove() }
        #expect(bare.services.generation?.image == nil)
        #expect(bare.services.generation?.unavailableReasons[.image] == "Image generation is not configured: set HUGGINGFACE_API_TOKEN (or IMAGE_PROVIDER)")
    }

    // MARK: updateScene and jobs finishing meanwhile

    @Test("updateScene writes only the slots its input sets: an asset a job attached after the read, or attaches after the write, stays")
    func updateKeepsAttachedAsset() async throws {
        let server = try await TestServer.make()
        defer { server.remove() }
        let store = server.services.store
        let author = User(email: "a@example.com", passwordHash: "x", role: .admin)
        try await store.insertUser(author)
        let context = APIContext(services: server.services, viewer: author, clientAddress: nil)
        let scenario = Scenario(title: "T", authorId: author.id)
        try await store.insertScenario(scenario)
        let original = Scene(scenarioId: scenario.id, title: "Before")
        try await store.insertScene(original)
        // The resolver's steps: read, apply the input, write the slots the input sets.
        var edited = try #require(try await store.scenes(ids: [original.id]).first)

        // Meanwhile a job finishes and attaches its image…
        let generated = try await finishedJob(slot: .image, scene: original.id, store: store)
        #expect(try await store.attachAsset(generated, to: .image, ofScene: original.id))

        let changes = try SceneInput<Op.Update>(title: "After").changes()
        #expect(changes.slots.isEmpty)
        edited.title = try #require(changes.title)
        try await store.updateScene(edited, slots: Set(changes.slots.keys))
        // …and another one's attach lands after the write.
        let late = try await finishedJob(slot: .music, scene: original.id, store: store)
        #expect(try await store.attachAsset(late, to: .music, ofScene: original.id))

        let stored = try #require(try await store.scenes(ids: [original.id]).first)
        #expect(stored.title == "After")
        #expect(stored.imageId == generated)
        #expect(stored.musicId == late)
        #expect(stored.soundId == nil)
        let slots = try SceneInput<Op.Update>(imageId: GraphID(""), musicId: GraphID(generated.hexString)).changes().slots
        let expected: [SceneSlot: ObjectId?] = [.image: nil, .music: generated]
        #expect(slots == expected)
        _ = context
    }

    @Test("updateScene: what the client sets wins, the slots it leaves out keep their assets, and an old job's asset is not brought back")
    func updateRespectsClientSlots() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let store = api.store
            let scenario = Scenario(title: "T", authorId: try #require(ObjectId(admin.id)))
            try await store.insertScenario(scenario)
            let scene = Scene(scenarioId: scenario.id, title: "S")
            try await store.insertScene(scene)
            // A job that finished an hour ago, whose sound the author removed since.
            _ = try await finishedJob(slot: .sound, scene: scene.id, store: store, at: Date().addingTimeInterval(-3600))
            // Jobs that finished just now: the client clears the image slot on purpose, and leaves music alone.
            let image = try await finishedJob(slot: .image, scene: scene.id, store: store)
            #expect(try await store.attachAsset(image, to: .image, ofScene: scene.id))
            let music = try await finishedJob(slot: .music, scene: scene.id, store: store)
            #expect(try await store.attachAsset(music, to: .music, ofScene: scene.id))
            let r = try await api.graphql(
                #"mutation($id: ID!) { updateScene(sceneId: $id, input: {title: "S2", imageId: ""}) { success message scene { imageId { name } soundId { name } musicId { name } } } }"#,
                ["id": .string(scene.id.hexString)], token: admin.token)
            #expect(r.bool("data.updateScene.success") == true, "\(r)")
            #expect(r["data.updateScene.scene.imageId"] == .null)
            #expect(r["data.updateScene.scene.soundId"] == .null)
            #expect(r.string("data.updateScene.scene.musicId.name") == "generated music")
            let stored = try #require(try await store.scenes(ids: [scene.id]).first)
            #expect(stored.title == "S2")
            #expect(stored.imageId == nil)
            #expect(stored.soundId == nil)
            #expect(stored.musicId == music)
        }
    }

    /// A succeeded job of `slot` for `scene` with its asset (not attached), finished at `date`; the asset id.
    func finishedJob(slot: SceneSlot, scene: ObjectId, store: any StoryStore, at date: Date = Date()) async throws -> ObjectId {
        let asset = Asset(type: slot == .image ? .image : .sound, name: "generated \(slot.rawValue)")
        try await store.insertAsset(asset)
        let job = GenerationJob(
            kind: slot == .image ? .image : slot == .sound ? .speech : .music, parameters: .object(["prompt": .string("p")]),
            requestedBy: ObjectId(), target: JobTarget(sceneId: scene, slot: slot), status: .succeeded, attempts: 1,
            resultAssetId: asset.id, progress: 1, createdAt: date, updatedAt: date)
        try await store.insertJob(job)
        return asset.id
    }
}
