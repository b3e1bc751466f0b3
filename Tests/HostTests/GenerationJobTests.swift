import Foundation
import Protocols
import SQLiteStore
import Synchronization
import Testing

@testable import Host

/// The job runner: which kinds a process claims, leases, retries, restarts, kills, progress.
@Suite("Generation jobs: workers, leases, restarts")
struct GenerationJobTests {
    static let jobQuery = "query($id: ID!) { generationJob(id: $id) { status progress attempts } }"

    // MARK: GENERATION_WORKER_KINDS

    @Test("GENERATION_WORKER_KINDS: a comma list of kinds; unset means every available kind; an unknown kind stops start-up naming the variable")
    func workerKindsParsed() throws {
        func settings(_ value: String?) throws -> GenerationSettings {
            try GenerationSettings(EnvironmentSettings.from(value.map { ["GENERATION_WORKER_KINDS": $0] } ?? [:]))
        }
        #expect(try settings(nil).workerKinds == nil)
        #expect(try settings(" music , Image ").workerKinds == [.music, .image])
        #expect(throws: PluginConfigurationError.invalid(variable: "GENERATION_WORKER_KINDS", reason: "unknown kind 'video' (known: image, speech, music)")) {
            try settings("speech,video")
        }
        let error = #expect(throws: PluginConfigurationError.self) {
            try ServerSettings(EnvironmentSettings.from(["DEBUG": "true", "GENERATION_WORKER_KINDS": "tts"]))
        }
        #expect(error?.description.hasPrefix("GENERATION_WORKER_KINDS is invalid: unknown kind 'tts'") == true)
    }

    @Test("the kinds workers claim: those named and available; a named kind without provider is left out, and none left means no in-server workers")
    func workerKindsResolved() async throws {
        let fake = FakeGenerator()
        #expect(try fakeGeneration(fake).workerKinds == Set(GenerationKind.allCases))
        let speechOnly = try fakeGeneration(fake, kinds: [.image, .speech], ["GENERATION_WORKER_KINDS": "speech,music"])
        #expect(speechOnly.workerKinds == [.speech])
        #expect(speechOnly.unservedWorkerKinds.map(\.kind) == [.music])
        #expect(speechOnly.unservedWorkerKinds.first?.reason == "Music generation is not configured: set MUSIC_PROVIDER=musicgen")
        let server = try await TestServer.make()
        defer { server.remove() }
        let inServer = try #require(GenerationWorkers.inServer(server.replacing(generation: speechOnly).services))
        #expect(inServer.plan.map(\.kind) == [.speech])
        let musicOnly = try fakeGeneration(fake, kinds: [.speech], ["GENERATION_WORKER_KINDS": "music"])
        #expect(GenerationWorkers.inServer(server.replacing(generation: musicOnly).services) == nil)
    }

    @Test("a named kind the server cannot run is warned about once, by inServer, not again when the workers start")
    func unservedKindWarnedOnce() async throws {
        let server = try await TestServer.make()
        defer { server.remove() }
        let log = LogRecorder()
        let speechOnly = try fakeGeneration(FakeGenerator(), kinds: [.image, .speech], ["GENERATION_WORKER_KINDS": "speech,music"])
        let workers = try #require(GenerationWorkers.inServer(server.services(generation: speechOnly, logger: log.logger())))
        let warning = "warning: GENERATION_WORKER_KINDS names music, which this server cannot run: Music generation is not configured: set MUSIC_PROVIDER=musicgen"
        #expect(log.warnings == [warning])
        let running = Task { try await workers.with(pollInterval: .milliseconds(20)).run() }
        defer { running.cancel() }
        #expect(try await eventually { log.all.contains("info: generation workers: 1 per kind for speech") }, "\(log.all)")
        #expect(log.warnings == [warning])
    }

    @Test("a server with GENERATION_WORKER_KINDS=speech leaves a music job queued, and a separate music worker runs it")
    func musicRoutedToAWorker() async throws {
        let fake = FakeGenerator()
        let api = try fakeGeneration(fake, ["GENERATION_WORKER_KINDS": "speech", "GENERATION_WAIT_SECONDS": "0"])
        try await TestServer.with(generation: api) { api in
            let admin = try await api.admin()
            let r = try await api.graphql(
                #"mutation { generateAsset(type: "sound", description: "a calm cave", soundType: "music") { success message asset { url } job { mongoId status } } }"#,
                token: admin.token)
            #expect(r.bool("data.generateAsset.success") == true, "\(r)")
            #expect(r["data.generateAsset.asset"] == .null)
            let id = try #require(r.string("data.generateAsset.job.mongoId").flatMap(ObjectId.init))
            // The server's workers poll every 20 ms: give them ample time to (wrongly) take it.
            try await Task.sleep(for: .milliseconds(400))
            #expect(try await api.store.jobs(ids: [id]).first?.status == .queued)
            #expect(fake.prompts(.music).isEmpty)
            // A speech job is still run by the server itself.
            let speech = try await api.graphql(#"mutation { generateAsset(type: "sound", description: "Bonjour") { job { mongoId } } }"#, token: admin.token)
            let speechId = try #require(speech.string("data.generateAsset.job.mongoId").flatMap(ObjectId.init))
            #expect(try await eventually { try await api.store.jobs(ids: [speechId]).first?.status == .succeeded })

            // The GPU machine: `story-server worker` with GENERATION_WORKER_KINDS=music on the same store.
            let gpu = api.server.workers(try fakeGeneration(fake, ["GENERATION_WORKER_KINDS": "music"]))
            #expect(gpu.plan.map(\.kind) == [.music])
            let running = Task { try await gpu.run() }
            defer { running.cancel() }
            #expect(try await eventually { try await api.store.jobs(ids: [id]).first?.status == .succeeded })
            #expect(fake.prompts(.music) == ["a calm cave"])
        }
    }

    @Test("GENERATION_WORKERS=N starts N loops per kind, each running one job at a time")
    func workersPerKind() async throws {
        let fake = FakeGenerator([.image: Array(repeating: [.waitForRelease], count: 3), .speech: Array(repeating: [.waitForRelease], count: 3)])
        let server = try await TestServer.make()
        defer { server.remove() }
        let workers = server.workers(try fakeGeneration(fake, kinds: [.image, .speech], ["GENERATION_WORKERS": "2", "GENERATION_LEASE_SECONDS": "60"]))
        #expect(workers.plan.count == 4)
        var ids: [ObjectId] = []
        for kind in [GenerationKind.image, .speech] {
            for n in 0..<3 {
                let job = GenerationJob.queued(kind, "\(kind.rawValue) \(n)")
                try await server.services.store.insertJob(job)
                ids.append(job.id)
            }
        }
        let running = Task { try await workers.run() }
        defer { running.cancel() }
        #expect(try await eventually { fake.running(.image) == 2 && fake.running(.speech) == 2 })
        try await Task.sleep(for: .milliseconds(200))
        #expect(fake.running(.image) == 2 && fake.running(.speech) == 2)
        #expect(try await server.services.store.jobs(JobFilter(status: .queued)).count == 2)
        fake.release()
        #expect(try await eventually { try await server.services.store.jobs(ids: ids).allSatisfy { $0.status == .succeeded } })
        #expect(fake.mostRunning(.image) == 2 && fake.mostRunning(.speech) == 2)
    }

    // MARK: Outcomes and leases

    @Test("outcome: exponential back-off without retryAfter, retryAfter honoured, exhaustion fails with the attempts, permanent errors fail at once")
    func outcomes() {
        let now = Date(timeIntervalSince1970: 1_000_000)
        func job(attempts: Int, of max: Int = 5) -> GenerationJob {
            var job = GenerationJob.queued(.image, "x", maxAttempts: max)
            job.attempts = attempts
            return job
        }
        let loading = GenerationError.transient("model is loading")
        #expect(GenerationWorkers.outcome(of: loading, job: job(attempts: 1), now: now) == .retry(message: "model is loading", retryAt: now.addingTimeInterval(2)))
        #expect(GenerationWorkers.outcome(of: loading, job: job(attempts: 3), now: now) == .retry(message: "model is loading", retryAt: now.addingTimeInterval(8)))
        #expect(GenerationWorkers.outcome(of: loading, job: job(attempts: 12, of: 20), now: now) == .retry(message: "model is loading", retryAt: now.addingTimeInterval(300)))
        let limited = GenerationError.transient("rate limited", retryAfter: 42)
        #expect(GenerationWorkers.outcome(of: limited, job: job(attempts: 1), now: now) == .retry(message: "rate limited", retryAt: now.addingTimeInterval(42)))
        #expect(GenerationWorkers.outcome(of: loading, job: job(attempts: 5), now: now) == .failed(message: "model is loading (after 5 attempts)"))
        #expect(GenerationWorkers.outcome(of: .permanent("refused"), job: job(attempts: 1), now: now) == .failed(message: "refused"))
        #expect(GenerationWorkers.outcome(of: .unavailable("install torch"), job: job(attempts: 1), now: now) == .failed(message: "install torch"))
    }

    @Test("a job whose lease expired on every attempt is given up: 'Gave up after N attempts', without calling the provider again")
    func gaveUpAfterLeaseExpiries() async throws {
        let server = try await TestServer.make()
        defer { server.remove() }
        let store = server.services.store
        let fake = FakeGenerator()
        let job = GenerationJob.queued(.image, "doomed", maxAttempts: 2)
        try await store.insertJob(job)
        for dead in ["dead-1", "dead-2"] {
            let claimed = try await store.claimJob(kinds: [.image], owner: dead, now: Date(), leaseUntil: Date().addingTimeInterval(-1))
            #expect(claimed?.id == job.id)
        }
        try await server.workers(try fakeGeneration(fake)).runNext(kinds: [.image], owner: "live")
        let done = try #require(try await store.jobs(ids: [job.id]).first)
        #expect(done.status == .failed)
        #expect(done.errorMessage == "Gave up after 2 attempts")
        #expect(fake.prompts(.image).isEmpty)
    }

    @Test("a job running longer than its lease keeps it: with two workers it runs exactly once")
    func leaseRenewed() async throws {
        // Sixteen seconds of work on a fifteen-second lease, renewed every 5 s (lease/3, checked at the
        // once-a-second wake-ups): a renewal may run late by 10 s before the second worker could take
        // the job. A full parallel test run on two cores has delayed sleeping tasks by over 4 s.
        let fake = FakeGenerator([.image: [[.sleep(.seconds(16))]]])
        let server = try await TestServer.make()
        defer { server.remove() }
        let workers = server.workers(try fakeGeneration(fake, ["GENERATION_LEASE_SECONDS": "15", "GENERATION_WORKERS": "2"]))
        #expect(workers.plan.filter { $0.kind == .image }.count == 2)
        let job = GenerationJob.queued(.image, "slow")
        try await server.services.store.insertJob(job)
        let running = Task { try await workers.run() }
        defer { running.cancel() }
        #expect(try await eventually(60) { try await server.services.store.jobs(ids: [job.id]).first?.status == .succeeded })
        #expect(fake.prompts(.image) == ["slow"])
        #expect(try await server.services.store.jobs(ids: [job.id]).first?.attempts == 1)
    }

    @Test("a failed lease renewal is logged naming the job and tried again; the task stops once the job was taken over", .timeLimit(.minutes(1)))
    func renewalFailureLoggedAndRetried() async throws {
        struct Locked: Error, CustomStringConvertible { var description: String { "database is locked" } }
        let server = try await TestServer.make()
        defer { server.remove() }
        let log = LogRecorder()
        var workers = GenerationWorkers(
            generation: try fakeGeneration(FakeGenerator(), ["GENERATION_LEASE_SECONDS": "600"]), store: server.services.store,
            storage: server.services.storage, logger: log.logger())
        workers.progressInterval = .milliseconds(20)
        let jobId = ObjectId()
        let progress = ProgressRelay()
        progress.report(0.5)
        // Two failures, a renewal, then "another worker holds the job".
        let written = Mutex<[Double?]>([])
        let keeper = Task {
            await workers.keepLease(of: jobId, progress: progress) { value in
                let call = written.withLock { $0.append(value); return $0.count }
                if call <= 2 { throw Locked() }
                return call == 3
            }
        }
        #expect(try await eventually { written.withLock { $0.count } == 3 })
        progress.report(0.9)
        await keeper.value
        #expect(written.withLock { $0 } == [0.5, 0.5, 0.5, 0.9])
        let warning = "warning: generation job \(jobId): renewing the lease failed, trying again: database is locked"
        #expect(log.warnings == [warning, warning])
    }

    // MARK: Restarts and kills

    @Test("restart: jobs queued while no worker ran survive closing and reopening the SQLite file, and complete")
    func restartKeepsQueuedJobs() async throws {
        let server = try await TestServer.make()
        defer { server.remove() }
        let path = server.directory.appendingPathComponent("restart.sqlite").path
        let fake = FakeGenerator()
        let generation = try fakeGeneration(fake)
        let requester = User(email: "admin@example.com", passwordHash: "x", role: .admin)
        var ids: [ObjectId] = []
        let before = try SQLiteStore(path: path)
        try await before.insertUser(requester)
        for (kind, prompt) in [(GenerationKind.image, "a gate"), (.speech, "Bonjour"), (.music, "drums")] {
            ids.append(try await generation.enqueue(kind, prompt: prompt, parameters: [:], requestedBy: requester.id, store: before).id)
        }
        try await before.close()

        let after = try SQLiteStore(path: path)
        #expect(try await after.jobs(ids: ids).map(\.status) == [.queued, .queued, .queued])
        let workers = GenerationWorkers(generation: generation, store: after, storage: server.services.storage, logger: server.services.logger)
            .with(pollInterval: .milliseconds(20))
        let running = Task { try await workers.run() }
        defer { running.cancel() }
        #expect(try await eventually { try await after.jobs(ids: ids).allSatisfy { $0.status == .succeeded } })
        let assets = try await after.assets(ids: try await after.jobs(ids: ids).compactMap(\.resultAssetId))
        #expect(assets.count == 3)
        running.cancel()
        _ = await running.result
        try await after.close()
    }

    @Test("kill: a worker cancelled mid-job leaves the job running; after its lease lapses another worker runs it to success")
    func killedWorkerMidJob() async throws {
        let fake = FakeGenerator([.image: [[.report(0.2), .waitForRelease]]])
        let server = try await TestServer.make()
        defer { server.remove() }
        let store = server.services.store
        let job = GenerationJob.queued(.image, "interrupted")
        try await store.insertJob(job)
        let first = server.workers(try fakeGeneration(fake, ["GENERATION_LEASE_SECONDS": "1"]))
        let killed = Task { try await first.run() }
        #expect(try await eventually { fake.running(.image) == 1 })
        killed.cancel()
        _ = await killed.result
        #expect(fake.running(.image) == 0)
        let left = try #require(try await store.jobs(ids: [job.id]).first)
        #expect(left.status == .running)
        #expect(left.attempts == 1)

        let second = server.workers(try fakeGeneration(fake, ["GENERATION_LEASE_SECONDS": "1"]))
        let running = Task { try await second.run() }
        defer { running.cancel() }
        #expect(try await eventually { try await store.jobs(ids: [job.id]).first?.status == .succeeded })
        let done = try #require(try await store.jobs(ids: [job.id]).first)
        #expect(done.attempts == 2)
        #expect(fake.prompts(.image) == ["interrupted", "interrupted"])
    }

    // MARK: Progress

    @Test("progress is written through within about a second of the provider reporting it, not only every lease/3")
    func progressWrittenThrough() async throws {
        // The lease task wakes every second: 0.4 is written at a wake-up, 0.7 (0.2 s later) at one of the next.
        let fake = FakeGenerator([.image: [[.report(0.4), .sleep(.milliseconds(200)), .report(0.7), .waitForRelease]]])
        // A long lease: a renewal every lease/3 (40 s) would not write progress within the 10 s each
        // check allows (slack for a loaded machine).
        let generation = try fakeGeneration(fake, ["GENERATION_LEASE_SECONDS": "120", "GENERATION_WAIT_SECONDS": "0"])
        try await TestServer.with(generation: generation) { api in
            let admin = try await api.admin()
            let r = try await api.graphql(#"mutation { generateImageWithAI(prompt: "a slow castle") { job { mongoId } } }"#, token: admin.token)
            let id = try #require(r.string("data.generateImageWithAI.job.mongoId"))
            var seen: GraphQLResponse?
            let observed = try await eventually {
                let job = try await api.graphql(Self.jobQuery, ["id": .string(id)], token: admin.token)
                seen = job
                return job.string("data.generationJob.status") == "running" && (job["data.generationJob.progress"]?.doubleValue ?? 0) > 0
            }
            #expect(observed, "\(seen.map(\.description) ?? "")")
            let progress = seen?["data.generationJob.progress"]?.doubleValue ?? 0
            #expect(progress > 0 && progress < 1)
            #expect(try await eventually {
                let job = try await api.graphql(Self.jobQuery, ["id": .string(id)], token: admin.token)
                return job.string("data.generationJob.status") == "running" && job["data.generationJob.progress"]?.doubleValue == 0.7
            })
            fake.release()
            #expect(try await eventually {
                try await api.graphql(Self.jobQuery, ["id": .string(id)], token: admin.token)["data.generationJob.progress"]?.doubleValue == 1
            })
        }
    }

    @Test("progress writes are throttled: only a change of 5% or more is written, and the lease is renewed every lease/3 regardless")
    func progressThrottled() {
        var schedule = LeaseSchedule(renewEvery: .seconds(40), minChange: 0.05, renewedAt: .now)
        let t0 = schedule.renewedAt
        #expect(!schedule.isDue(progress: nil, at: t0 + .seconds(1)))  // nothing reported, lease fresh
        #expect(schedule.isDue(progress: 0.3, at: t0 + .seconds(1)))  // the first report
        schedule.renewed(progress: 0.3, at: t0 + .seconds(1))
        #expect(!schedule.isDue(progress: 0.32, at: t0 + .seconds(2)))  // too small a change
        #expect(schedule.isDue(progress: 0.35, at: t0 + .seconds(2)))  // exactly 5%, despite 0.35 - 0.3 < 0.05 in binary
        schedule.renewed(progress: 0.35, at: t0 + .seconds(2))
        #expect(!schedule.isDue(progress: 0.35, at: t0 + .seconds(41)))
        #expect(schedule.isDue(progress: 0.35, at: t0 + .seconds(42)))  // lease/3 since the last renewal
        schedule.renewed(progress: nil, at: t0 + .seconds(42))
        #expect(schedule.written == 0.35)
        #expect(!schedule.isDue(progress: 0.39, at: t0 + .seconds(43)))  // measured from the last value written

        let relay = ProgressRelay()
        #expect(relay.value == nil)
        relay.report(0.6)
        relay.report(.nan)
        #expect(relay.value == 0.6)
        relay.report(7)
        #expect(relay.value == 1)
        relay.report(-1)
        #expect(relay.value == 0)
    }

    // MARK: The worker command

    @Test("story-server worker refuses an unknown kind, and a kind it has no provider for, naming GENERATION_WORKER_KINDS", .timeLimit(.minutes(1)))
    func workerCommandChecksKinds() async throws {
        guard let binary = ServerProcessTests.binary else {
            Issue.record("build the story-server product first")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("story-worker-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func run(_ kinds: String) throws -> (Int32, String) {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["worker"]
            process.environment = [
                "DEBUG": "true", "SECRET_KEY": testSecret, "SQLITE_PATH": directory.appendingPathComponent("s.sqlite").path,
                "MEDIA_ROOT": directory.appendingPathComponent("media").path, "GENERATION_WORKER_KINDS": kinds,
                "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin",
            ]
            process.currentDirectoryURL = directory
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, output)
        }
        let (unknownStatus, unknown) = try run("music,video")
        #expect(unknownStatus != 0)
        #expect(unknown.contains("GENERATION_WORKER_KINDS is invalid: unknown kind 'video'"), "\(unknown)")
        let (missingStatus, missing) = try run("music")
        #expect(missingStatus != 0)
        #expect(missing.contains("GENERATION_WORKER_KINDS names music, but Music generation is not configured: set MUSIC_PROVIDER=musicgen"), "\(missing)")
    }
}
