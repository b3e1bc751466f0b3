import Foundation
import Protocols
import Synchronization
import Testing

@testable import Host

/// An image provider whose answers the test scripts: each call takes the next behaviour.
final class ScriptedImages: ImageGenerator, Sendable {
    enum Behaviour: Sendable { case succeed, transient, permanent(String), slow(Duration) }
    private let script: Mutex<[Behaviour]>
    private let calls = Mutex<[String]>([])

    init(_ script: [Behaviour] = []) { self.script = Mutex(script) }

    var prompts: [String] { calls.withLock { $0 } }

    func generateImage(_ request: ImageRequest, progress: @escaping ProgressHandler) async throws -> GeneratedMedia {
        calls.withLock { $0.append(request.prompt) }
        let behaviour = script.withLock { $0.isEmpty ? .succeed : $0.removeFirst() }
        switch behaviour {
        case .succeed: break
        case .transient: throw GenerationError.transient("model is loading", retryAfter: 0)
        case .permanent(let message): throw GenerationError.permanent(message)
        case .slow(let duration): try await Task.sleep(for: duration)
        }
        progress(1)
        // A 1×1 PNG.
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0, 0x1F, 0x15, 0xC4, 0x89]
        return GeneratedMedia(bytes: png, mimeType: "image/png", fileExtension: "png", metadata: ["width": .int(1), "height": .int(1), "prompt": .string(request.prompt)])
    }
}

func generation(images: ScriptedImages, _ env: [String: String] = [:]) throws -> GenerationService {
    var values = ["GENERATION_WAIT_SECONDS": "60", "GENERATION_MAX_ATTEMPTS": "3", "GENERATION_LEASE_SECONDS": "2"]
    values.merge(env) { _, new in new }
    return GenerationService(
        image: images, speech: nil, music: nil,
        unavailableReasons: [.speech: "Speech generation is not configured: set TTS_PROVIDER", .music: "Music generation is not configured: set MUSIC_PROVIDER=musicgen"],
        settings: try GenerationSettings(EnvironmentSettings.from(values)))
}

@Suite("AI generation as durable jobs")
struct GenerationTests {
    static let image = #"mutation($p: String!) { generateImageWithAI(prompt: $p) { success message asset { type mimeType url dimensions metadata } job { status attempts errorMessage progress } } }"#

    @Test("with no configuration, narration is generated end to end with eSpeak NG as an MP3 asset")
    func narrationEndToEnd() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let r = try await api.graphql(
                #"mutation { generateSoundWithAI(prompt: "Il était une fois un dragon.", soundType: "tts", language: "fr") { success message asset { type mimeType url durationSeconds metadata } job { status } } }"#,
                token: admin.token)
            #expect(r.bool("data.generateSoundWithAI.success") == true, "\(r)")
            #expect(r.string("data.generateSoundWithAI.asset.mimeType") == "audio/mpeg")
            #expect((r["data.generateSoundWithAI.asset.durationSeconds"]?.doubleValue ?? 0) > 0.5)
            let url = try #require(r.string("data.generateSoundWithAI.asset.url"))
            #expect(url.hasPrefix("/media/assets/"))
            let metadata = try JSONValue(parsing: try #require(r.string("data.generateSoundWithAI.asset.metadata")))
            let key = try #require(metadata["storage_key"]?.stringValue)
            let bytes = try await api.server.services.storage.load(key: key)
            #expect(bytes.count > 1000)
        }
    }

    @Test("a provider that is not configured answers with the variable to set")
    func notConfigured() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let r = try await api.graphql(Self.image, ["p": .string("a castle")], token: admin.token)
            #expect(r.bool("data.generateImageWithAI.success") == false)
            #expect(r.string("data.generateImageWithAI.message") == "Image generation is not configured: set HUGGINGFACE_API_TOKEN (or IMAGE_PROVIDER)")
            let music = try await api.graphql(#"mutation { generateAsset(type: "sound", description: "calm", soundType: "music") { success message } }"#, token: admin.token)
            #expect(music.string("data.generateAsset.message") == "Music generation is not configured: set MUSIC_PROVIDER=musicgen")
        }
    }

    @Test("only admins generate; prompts are bounded; each admin has an hourly limit")
    func limits() async throws {
        let images = ScriptedImages()
        try await TestServer.with(generation: try generation(images: images, ["AI_RATE_LIMIT_PER_HOUR": "2", "AI_MAX_PROMPT_LENGTH": "50"])) { api in
            let player = try await api.player()
            let admin = try await api.admin()
            #expect(try await api.graphql(Self.image, ["p": .string("x")], token: player.token).errors == [permissionDenied])
            #expect(try await api.graphql(Self.image, ["p": .string("x")]).errors == [authenticationRequired])
            let long = try await api.graphql(Self.image, ["p": .string(String(repeating: "a", count: 51))], token: admin.token)
            #expect(long.string("data.generateImageWithAI.message") == "The prompt is too long: at most 50 characters (got 51)")
            #expect(try await api.graphql(Self.image, ["p": .string("one")], token: admin.token).bool("data.generateImageWithAI.success") == true)
            #expect(try await api.graphql(Self.image, ["p": .string("two")], token: admin.token).bool("data.generateImageWithAI.success") == true)
            let third = try await api.graphql(Self.image, ["p": .string("three")], token: admin.token)
            #expect(third.string("data.generateImageWithAI.message") == "AI generation limit reached (2 per hour); retry later")
        }
    }

    @Test("transient provider errors are retried with back-off until the job succeeds")
    func transientRetried() async throws {
        let images = ScriptedImages([.transient, .transient])
        try await TestServer.with(generation: try generation(images: images)) { api in
            let admin = try await api.admin()
            let r = try await api.graphql(Self.image, ["p": .string("a castle")], token: admin.token)
            #expect(r.bool("data.generateImageWithAI.success") == true, "\(r)")
            #expect(r["data.generateImageWithAI.job.attempts"]?.intValue == 3)
            #expect(r.string("data.generateImageWithAI.asset.dimensions") == "1x1")
            #expect(images.prompts.count == 3)
        }
    }

    @Test("permanent provider errors fail the job at once with the provider's message")
    func permanentFails() async throws {
        let images = ScriptedImages([.permanent("prompt refused by the safety checker")])
        try await TestServer.with(generation: try generation(images: images)) { api in
            let admin = try await api.admin()
            let r = try await api.graphql(Self.image, ["p": .string("a castle")], token: admin.token)
            #expect(r.bool("data.generateImageWithAI.success") == false)
            #expect(r.string("data.generateImageWithAI.message") == "Generation failed: prompt refused by the safety checker")
            #expect(r.string("data.generateImageWithAI.job.errorMessage") == "prompt refused by the safety checker")
            #expect(images.prompts.count == 1)
        }
    }

    @Test("past the wait, the mutation returns the running job, and the scene slot is filled after the fact")
    func sceneSlotFilledLater() async throws {
        // Long enough that the mutation answers first even on a loaded machine.
        let images = ScriptedImages([.slow(.seconds(5))])
        try await TestServer.with(generation: try generation(images: images, ["GENERATION_WAIT_SECONDS": "0"])) { api in
            let admin = try await api.admin()
            let scenario = try await api.createScenario(token: admin.token)
            let r = try await api.graphql(
                #"mutation($s: ID!) { createScene(input: {scenarioId: $s, title: "Gate", text: "A door in the rock", autoGenerateImage: true, autoGenerateMusic: true}) { success message scene { mongoId imageId { url } } jobs { mongoId status slot } } }"#,
                ["s": .string(scenario)], token: admin.token)
            #expect(r.bool("data.createScene.success") == true)
            #expect(r["data.createScene.scene.imageId"] == .null)
            let message = try #require(r.string("data.createScene.message"))
            #expect(message.contains("image generation is still running"), "\(message)")
            #expect(message.contains("music generation failed: Music generation is not configured: set MUSIC_PROVIDER=musicgen"), "\(message)")
            let sceneId = try #require(r.string("data.createScene.scene.mongoId"))
            let jobId = try #require(r.string("data.createScene.jobs.0.mongoId"))
            let job = try await api.server.services.generation!.wait(for: ObjectId(jobId)!, upTo: 30, store: api.store)
            #expect(job?.status == .succeeded)
            // Checked once the job ran: with no wait, the mutation may answer before a worker claims it.
            #expect(images.prompts == ["Gate. A door in the rock"])
            let scene = try await api.graphql("query($id: ID!) { sceneById(sceneId: $id) { imageId { mimeType } } }", ["id": .string(sceneId)], token: admin.token)
            #expect(scene.string("data.sceneById.imageId.mimeType") == "image/png")
            let listed = try await api.graphql(#"query($id: ID!) { generationJobs(sceneId: $id, status: "succeeded") { slot resultAsset { type } } }"#, ["id": .string(sceneId)], token: admin.token)
            #expect(listed.string("data.generationJobs.0.resultAsset.type") == "image")
            let one = try await api.graphql("query($id: ID!) { generationJob(id: $id) { status progress } }", ["id": .string(jobId)], token: admin.token)
            #expect(one.string("data.generationJob.status") == "succeeded")
        }
    }

    @Test("a filled slot is not overwritten by a job that finishes later")
    func filledSlotKept() async throws {
        let server = try await TestServer.make()
        let images = ScriptedImages()
        let workers = GenerationWorkers(generation: try generation(images: images), store: server.services.store, storage: server.services.storage, logger: server.services.logger)
        let scenario = Scenario(title: "T", authorId: ObjectId())
        try await server.services.store.insertScenario(scenario)
        let manual = Asset(type: .image, name: "chosen")
        try await server.services.store.insertAsset(manual)
        let scene = Scene(scenarioId: scenario.id, title: "S", imageId: manual.id)
        try await server.services.store.insertScene(scene)
        try await server.services.store.insertJob(GenerationJob(kind: .image, parameters: .object(["prompt": .string("x")]), requestedBy: ObjectId(), target: JobTarget(sceneId: scene.id, slot: .image)))
        try await workers.runNext(kinds: [.image], owner: "w")
        #expect(try await server.services.store.scenes(ids: [scene.id]).first?.imageId == manual.id)
    }

    @Test("a job whose worker died (lease expired) is taken again and completes")
    func killedWorkerJobRerun() async throws {
        let server = try await TestServer.make()
        let store = server.services.store
        let images = ScriptedImages()
        let workers = GenerationWorkers(generation: try generation(images: images), store: store, storage: server.services.storage, logger: server.services.logger)
        let job = GenerationJob(kind: .image, parameters: .object(["prompt": .string("lost")]), requestedBy: ObjectId())
        try await store.insertJob(job)
        // A worker claims it, then its process is killed: the lease lapses without renewal.
        let claimed = try await store.claimJob(kinds: [.image], owner: "dead-worker", now: Date(), leaseUntil: Date().addingTimeInterval(-1))
        #expect(claimed?.id == job.id)
        try await workers.runNext(kinds: [.image], owner: "live-worker")
        let done = try await store.jobs(ids: [job.id]).first
        #expect(done?.status == .succeeded)
        #expect(done?.attempts == 2)
        #expect(try await store.finishJob(jobId: job.id, owner: "dead-worker", outcome: .failed(message: "late"), at: Date()) == false)
    }

    @Test("two workers never run the same job, and jobs queued while no worker ran are all done once workers start")
    func noDoubleRuns() async throws {
        let server = try await TestServer.make()
        let store = server.services.store
        let images = ScriptedImages()
        let service = try generation(images: images)
        var ids: [ObjectId] = []
        for i in 0..<12 {
            let job = GenerationJob(kind: .image, parameters: .object(["prompt": .string("p\(i)")]), requestedBy: ObjectId())
            try await store.insertJob(job)
            ids.append(job.id)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for w in 0..<3 {
                let workers = GenerationWorkers(generation: service, store: store, storage: server.services.storage, logger: server.services.logger)
                group.addTask { while try await workers.runNext(kinds: [.image], owner: "worker-\(w)") != nil {} }
            }
            try await group.waitForAll()
        }
        #expect(images.prompts.sorted() == (0..<12).map { "p\($0)" }.sorted())
        let jobs = try await store.jobs(ids: ids)
        #expect(jobs.allSatisfy { $0.status == .succeeded && $0.attempts == 1 })
    }
}
