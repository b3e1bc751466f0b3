import Domain
import Foundation
import Graphiti
import Protocols

struct GenerateAssetArgs: Codable, Sendable {
    var type: String
    var name: String?
    /// The prompt; optional in the old schema, required at run time.
    var description: String?
    var soundType: String?
    var language: String?
    /// Seconds of music.
    var duration: Int?
}

struct GenerateImageArgs: Codable, Sendable { var prompt: String; var name: String? }
struct GenerateSoundArgs: Codable, Sendable { var prompt: String; var soundType: String?; var language: String?; var name: String? }
struct JobIDArgs: Codable, Sendable { var id: GraphID }
struct JobsArgs: Codable, Sendable { var sceneId: GraphID?; var status: String? }

extension RootResolver {
    func generateAsset(context: APIContext, arguments a: GenerateAssetArgs) async throws -> AssetPayload<Op.Generate> {
        guard let description = a.description else {
            _ = try context.requireAdmin()
            return .failure("description is required: it is the prompt of the generation")
        }
        return try await context.generate(
            type: a.type, soundType: a.soundType, prompt: description, name: a.name, language: a.language,
            duration: a.duration.map(Double.init))
    }

    func generateImageWithAI(context: APIContext, arguments a: GenerateImageArgs) async throws -> AssetPayload<Op.GenerateImage> {
        try await context.generate(type: "image", soundType: nil, prompt: a.prompt, name: a.name, language: nil, duration: nil)
    }

    func generateSoundWithAI(context: APIContext, arguments a: GenerateSoundArgs) async throws -> AssetPayload<Op.GenerateSound> {
        try await context.generate(type: "sound", soundType: a.soundType, prompt: a.prompt, name: a.name, language: a.language, duration: nil)
    }

    func generationJob(context: APIContext, arguments: JobIDArgs) async throws -> GenerationJobType? {
        _ = try context.requireAdmin()  // the loader batches; the rule is the queue's (admins only)
        let id = try NodeID.decode(arguments.id, as: "GenerationJobType", argument: "id")
        return try await context.loaders.jobs.load(id).map(GenerationJobType.init)
    }

    func generationJobs(context: APIContext, arguments: JobsArgs) async throws -> [GenerationJobType] {
        _ = try context.requireAdmin()
        let sceneId = try arguments.sceneId.map { try NodeID.decode($0, as: "SceneType", argument: "sceneId") }
        var status: JobStatus?
        if let text = arguments.status {
            guard let parsed = JobStatus(rawValue: text.lowercased()) else {
                throw APIError.invalidInput("status must be one of queued, running, succeeded, failed (got '\(text.prefix(30))')")
            }
            status = parsed
        }
        let jobs = try await context.generationQueue.jobs(JobFilter(sceneId: sceneId, status: status), by: context.access)
        return jobs.prefix(context.services.settings.limits.maxListSize).map(GenerationJobType.init)
    }
}

extension APIContext {
    var generation: GenerationService {
        get throws {
            guard let generation = services.generation else { throw APIError.invalidInput("Generation is not configured on this server") }
            return generation
        }
    }

    /// The generation rules over this server's store and providers.
    var generationQueue: GenerationQueue {
        get throws {
            guard let queue = services.generationQueue else { throw APIError.invalidInput("Generation is not configured on this server") }
            return queue
        }
    }

    /// The kind of job an asset `type` and `soundType` ask for.
    static func generationKind(type: String, soundType: String?) throws -> GenerationKind {
        switch (type.lowercased(), (soundType ?? "tts").lowercased()) {
        case ("image", _): return .image
        case ("sound", "tts"), ("sound", "speech"), ("sound", "narration"): return .speech
        case ("sound", "music"): return .music
        case ("sound", let other): throw APIError.invalidInput("soundType must be 'tts' or 'music' (got '\(other.prefix(30))')")
        default: throw APIError.invalidInput("type must be 'image' or 'sound' for generation (got '\(type.prefix(30))')")
        }
    }

    /// Queues a generation for an admin and waits for it as long as configured.
    func generate<Kind>(type: String, soundType: String?, prompt: String, name: String?, language: String?, duration: Double?) async throws -> AssetPayload<Kind> {
        _ = try requireAdmin()
        return try await mutation {
            let kind = try Self.generationKind(type: type, soundType: soundType)
            var parameters: [String: JSONValue] = [:]
            if let name { parameters["name"] = .string(String(name.prefix(200))) }
            if kind == .speech { parameters["language"] = .string(try Self.language(language)) }
            if kind == .music, let duration {
                guard duration.isFinite, duration > 0 else { throw APIError.invalidInput("duration must be a positive number of seconds") }
                parameters["duration"] = .double(duration)
            }
            let queue = try generationQueue
            let job = try await queue.enqueue(kind, prompt: prompt, parameters: parameters, by: access)
            let finished = try await queue.wait(for: job.id, upTo: try generation.settings.waitSeconds) ?? job
            switch finished.status {
            case .succeeded:
                let asset = try await queue.result(of: finished)
                return AssetPayload(asset: asset.map(AssetType.init), success: true, message: "Generated", job: GenerationJobType(job: finished))
            case .failed:
                return AssetPayload(asset: nil, success: false, message: "Generation failed: \(finished.errorMessage ?? "unknown error")", job: GenerationJobType(job: finished))
            case .queued, .running:
                return AssetPayload(
                    asset: nil, success: true,
                    message: "Generation is still running; follow it with generationJob(id: \"\(finished.id.hexString)\")",
                    job: GenerationJobType(job: finished))
            }
        }
    }

    static func language(_ text: String?) throws -> String {
        let language = (text ?? "fr").trimmingCharacters(in: .whitespaces).lowercased()
        guard (2...12).contains(language.count), language.allSatisfy({ $0.isLetter || $0 == "-" }) else {
            throw APIError.invalidInput("language must be a language code such as 'fr' or 'en' (got '\(language.prefix(20))')")
        }
        return language
    }

    /// What a scene asks its slot's job to make: the kind, the prompt (cut to `maxLength` where it is
    /// derived from the scene text, except narration, which reads the whole text: the scene text has
    /// its own limit), the parameters, and whether the prompt was shortened.
    static func sceneRequest(
        for slot: SceneSlot, scene: Scene, maxLength: Int
    ) -> (kind: GenerationKind, prompt: String, parameters: [String: JSONValue], shortened: Bool) {
        let text = scene.text.trimmingCharacters(in: .whitespacesAndNewlines)
        func bounded(_ prompt: String) -> (String, Bool) {
            let trimmed = prompt.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.count > maxLength else { return (trimmed, false) }
            return (String(trimmed.prefix(max(0, maxLength))).trimmingCharacters(in: .whitespacesAndNewlines), true)
        }
        var parameters: [String: JSONValue] = ["name": .string("\(scene.title) (\(slot.rawValue))")]
        switch slot {
        case .image:
            let (prompt, shortened) = bounded(text.isEmpty ? scene.title : "\(scene.title). \(text)")
            return (.image, prompt, parameters, shortened)
        case .sound:
            parameters["language"] = .string("fr")
            return (.speech, text.isEmpty ? scene.title : text, parameters, false)
        case .music:
            let (prompt, shortened) = bounded("Ambient background music for this scene: \(scene.title). \(text)")
            return (.music, prompt, parameters, shortened)
        }
    }

    /// Saves the scene's payload after queueing the generations its input asks for, waiting for them
    /// as long as configured. The scene is saved whatever happens; failures (including a viewer who
    /// is not an admin) are named in the message and, for jobs, recorded on them.
    func generateForScene<Kind>(_ scene: Scene, input: SceneInput<Kind>, message: String) async throws -> ScenePayload<Kind> {
        let wanted: [SceneSlot] = [
            input.autoGenerateImage == true ? .image : nil,
            input.autoGenerateSound == true ? .sound : nil,
            input.autoGenerateMusic == true ? .music : nil,
        ].compactMap { $0 }
        var notes: [String] = []
        var jobs: [GenerationJob] = []
        if !wanted.isEmpty, let viewer {
            if viewer.role != .admin {
                notes.append("AI generation needs an admin: \(wanted.map(\.rawValue).joined(separator: ", ")) not generated")
            } else {
                let maxLength = services.generation?.settings.maxPromptLength ?? services.settings.generation.maxPromptLength
                for slot in wanted {
                    let request = Self.sceneRequest(for: slot, scene: scene, maxLength: maxLength)
                    do {
                        let job = try await generationQueue.enqueue(
                            request.kind, prompt: request.prompt, parameters: request.parameters,
                            target: JobTarget(sceneId: scene.id, slot: slot), limitLength: request.kind != .speech, by: access)
                        jobs.append(job)
                        if request.shortened {
                            notes.append("\(slot.rawValue) prompt shortened to its first \(maxLength) characters (AI_MAX_PROMPT_LENGTH)")
                        }
                    } catch {
                        notes.append("\(slot.rawValue) generation failed: \(APIError.from(error).message)")
                    }
                }
                if let service = services.generation, !jobs.isEmpty {
                    let waitSeconds = service.settings.waitSeconds
                    let queue = try generationQueue
                    let finished = try await withThrowingTaskGroup(of: GenerationJob?.self) { group in
                        for job in jobs { group.addTask { try await queue.wait(for: job.id, upTo: waitSeconds) } }
                        var all: [GenerationJob] = []
                        for try await job in group { if let job { all.append(job) } }
                        return all
                    }
                    jobs = finished.sorted { $0.createdAt < $1.createdAt }
                    for job in jobs {
                        let slot = job.target?.slot.rawValue ?? job.kind.rawValue
                        switch job.status {
                        case .failed: notes.append("\(slot) generation failed: \(job.errorMessage ?? "unknown error")")
                        case .queued, .running: notes.append("\(slot) generation is still running")
                        case .succeeded: break
                        }
                    }
                }
            }
        }
        // The scene as stored now: a job may have filled a slot meanwhile.
        let current = (try? await services.stories.scene(scene.id, by: access)) ?? scene
        loaders.prepare(scenes: [current])
        let text = notes.isEmpty ? message : message + "; " + notes.joined(separator: "; ")
        return ScenePayload<Kind>(scene: SceneType(scene: current), success: true, message: text, jobs: jobs.map(GenerationJobType.init))
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
