import Foundation
import Protocols
import Testing
@testable import MusicGen

/// The plugin's side of the worker protocol, against the test worker: start, results, progress, and every
/// way a worker can go wrong.
@Suite struct MusicGenWorkerProtocolTests {
    @Test func aGenerationGivesAWavWithItsDurationModelAndProgress() async throws {
        let generator = TestWorkers.fake()
        let progress = ProgressLog()
        let media = try await generator.generateMusic(MusicRequest(description: "a quiet tavern", durationSeconds: 2),
                                                      progress: progress.handler)
        #expect(media.mimeType == "audio/wav")
        #expect(media.fileExtension == "wav")
        #expect(media.bytes.starts(with: Array("RIFF".utf8)))
        #expect(media.metadata["duration_seconds"]?.doubleValue == 2)
        #expect(media.metadata["model"] == .string("fake/musicgen"))
        #expect(media.metadata["sample_rate"] == .int(8000))
        #expect(media.metadata["prompt"] == .string("a quiet tavern"))
        #expect(progress.all == [0, 0.25, 0.5, 0.75, 1])
    }

    @Test func theDurationIsCappedByMaxSeconds() async throws {
        let generator = TestWorkers.fake(maxSeconds: 3)
        let media = try await generator.generateMusic(MusicRequest(description: "an epic battle", durationSeconds: 60), progress: { _ in })
        #expect(media.metadata["duration_seconds"]?.doubleValue == 3)
        #expect(generator.seconds(for: MusicRequest(description: "x", durationSeconds: 0)) == 1)
    }

    @Test func theWorkerIsStartedOnceAndServesRequestsInTurn() async throws {
        let generator = TestWorkers.fake()
        let pids = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<5 {
                group.addTask {
                    _ = try await generator.generateMusic(MusicRequest(description: "song \(index)", durationSeconds: 1), progress: { _ in })
                    return try await workerPID(generator)
                }
            }
            return try await group.reduce(into: Set<Int>()) { $0.insert($1) }
        }
        #expect(pids.count == 1)
    }

    @Test func aWavWrittenToAFileIsReadAndTheFileRemoved() async throws {
        let media = try await TestWorkers.fake().generateMusic(MusicRequest(description: "via-path", durationSeconds: 1), progress: { _ in })
        #expect(media.metadata["duration_seconds"]?.doubleValue == 1)
    }

    @Test func aWorkerThatDiesFailsItsRequestAsTransientAndIsRestarted() async throws {
        let generator = TestWorkers.fake()
        _ = try await generator.generateMusic(MusicRequest(description: "warm up", durationSeconds: 1), progress: { _ in })
        let firstPID = try await workerPID(generator)
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "crash"), progress: { _ in })
        }
        guard case .transient(let message, _)? = error else { Issue.record("expected .transient, got \(String(describing: error))"); return }
        #expect(message.contains("exit status 3"))
        #expect(message.contains("boom"))
        let media = try await generator.generateMusic(MusicRequest(description: "after the crash", durationSeconds: 1), progress: { _ in })
        #expect(media.metadata["duration_seconds"]?.doubleValue == 1)
        #expect(try await workerPID(generator) != firstPID)
    }

    // The fake worker never answers "hang": the error naming the timeout variable proves the timeout fired
    // (no wall-clock bound, which a loaded CI machine would break); the time limit catches a hang.
    @Test(.timeLimit(.minutes(1))) func aRequestThatTakesTooLongTimesOutAndTheWorkerIsReplaced() async throws {
        let generator = TestWorkers.fake(requestTimeout: 1)
        _ = try await generator.generateMusic(MusicRequest(description: "warm up", durationSeconds: 1), progress: { _ in })
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "hang"), progress: { _ in })
        }
        guard case .transient(let message, _)? = error else { Issue.record("expected .transient, got \(String(describing: error))"); return }
        #expect(message.contains("MUSICGEN_TIMEOUT_SECONDS"))
        let media = try await generator.generateMusic(MusicRequest(description: "after the timeout", durationSeconds: 1), progress: { _ in })
        #expect(media.bytes.count > 44)
    }

    @Test func outputThatIsNotJSONFailsTheRequestWithoutCrashingAndTheWorkerIsReplaced() async throws {
        let generator = TestWorkers.fake()
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "malformed"), progress: { _ in })
        }
        guard case .permanent(let message)? = error else { Issue.record("expected .permanent, got \(String(describing: error))"); return }
        #expect(message.contains("not a JSON object"))
        #expect(message.contains("Traceback"))
        let media = try await generator.generateMusic(MusicRequest(description: "afterwards", durationSeconds: 1), progress: { _ in })
        #expect(media.bytes.count > 44)
    }

    @Test(arguments: [("no-audio", "neither wav_base64 nor path"), ("bad-base64", "not base64")])
    func aResultWithoutUsableAudioIsPermanent(prompt: String, expected: String) async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await TestWorkers.fake().generateMusic(MusicRequest(description: prompt), progress: { _ in })
        }
        guard case .permanent(let message)? = error else { Issue.record("expected .permanent, got \(String(describing: error))"); return }
        #expect(message.contains(expected))
    }

    @Test func theWorkersOwnFailuresKeepTheirKind() async throws {
        let generator = TestWorkers.fake()
        await #expect(throws: GenerationError.transient("out of GPU memory")) {
            try await generator.generateMusic(MusicRequest(description: "oom"), progress: { _ in })
        }
        await #expect(throws: GenerationError.permanent("the prompt was refused")) {
            try await generator.generateMusic(MusicRequest(description: "refuse"), progress: { _ in })
        }
    }

    @Test func aWorkerThatIsNotReadySaysWhatToInstall() async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await TestWorkers.fake(start: "notready").generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("pip install torch transformers"))
    }

    @Test func aWorkerThatDiesAtStartIsUnavailableAndQuotesItsError() async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await TestWorkers.fake(start: "die").generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("cannot load the model"))
        #expect(message.contains("exit status 1"))
    }

    @Test func aWorkerThatWritesGarbageAtStartIsUnavailable() async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await TestWorkers.fake(start: "garbage").generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("Loading checkpoint shards"))
    }

    @Test func aMissingInterpreterNamesMusicgenPython() async throws {
        let error = await #expect(throws: GenerationError.self) {
            try await TestWorkers.fake(python: "/nonexistent/python3").generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("MUSICGEN_PYTHON"))
        #expect(message.contains("pip install torch transformers"))
    }

    @Test func aSlowStartIsTransient() async throws {
        let hanging = TestWorkers.fake(start: "hang", startTimeout: 1)
        let error = await #expect(throws: GenerationError.self) {
            try await hanging.generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .transient(let message, _)? = error else { Issue.record("expected .transient, got \(String(describing: error))"); return }
        #expect(message.contains("MUSICGEN_START_TIMEOUT_SECONDS"))
    }

    @Test func aCancelledRequestIsStoppedInTheWorkerWhichGoesOn() async throws {
        let generator = TestWorkers.fake()
        _ = try await generator.generateMusic(MusicRequest(description: "warm up", durationSeconds: 1), progress: { _ in })
        let pid = try await workerPID(generator)
        let task = Task { try await generator.generateMusic(MusicRequest(description: "slow"), progress: { _ in }) }
        try await Task.sleep(for: .milliseconds(300))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        // The worker dropped the cancelled request (30 s long): the next one does not wait for it to finish.
        // The bound is the slow request's length less a wide margin, not a performance target.
        let started = ContinuousClock.now
        _ = try await generator.generateMusic(MusicRequest(description: "next", durationSeconds: 1), progress: { _ in })
        #expect(ContinuousClock.now - started < .seconds(25))
        #expect(try await workerPID(generator) == pid)
    }

    @Test func stoppingEndsTheWorkerAndTheNextRequestStartsAnother() async throws {
        let generator = TestWorkers.fake()
        _ = try await generator.generateMusic(MusicRequest(description: "before", durationSeconds: 1), progress: { _ in })
        let pid = try await workerPID(generator)
        await generator.stop()
        #expect(await generator.workerInfo == nil)
        _ = try await generator.generateMusic(MusicRequest(description: "after", durationSeconds: 1), progress: { _ in })
        #expect(try await workerPID(generator) != pid)
    }

    @Test func anEmptyDescriptionIsPermanent() async throws {
        await #expect(throws: GenerationError.permanent("music needs a description")) {
            try await TestWorkers.fake().generateMusic(MusicRequest(description: " "), progress: { _ in })
        }
    }
}

/// The pid the test worker reported when it became ready.
func workerPID(_ generator: MusicGenGenerator) async throws -> Int {
    try #require(await generator.workerInfo?["pid"]?.intValue)
}

/// The shipped worker, run by an interpreter without torch, says what to install (no torch needed here).
@Suite struct ShippedWorkerWithoutTorchTests {
    @Test func theShippedWorkerIsBundled() {
        #expect(FileManager.default.fileExists(atPath: MusicGenSettings.bundledWorkerScript))
    }

    @Test func aMissingWorkerScriptIsUnavailableAndSaysWhereItWasLookedFor() async throws {
        let generator = MusicGenGenerator(settings: MusicGenSettings(workerScript: "/nonexistent/musicgen_worker.py"))
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("/nonexistent/musicgen_worker.py"))
        #expect(message.contains("MUSICGEN_WORKER_SCRIPT"))
    }

    @Test func withoutTorchTheShippedWorkerSaysWhatToInstall() async throws {
        let venv = FileManager.default.temporaryDirectory.appendingPathComponent("no-torch-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: venv) }
        try #require(TestWorkers.run("python3", ["-m", "venv", "--without-pip", venv.path]) == 0)
        let generator = MusicGenGenerator(settings: MusicGenSettings(python: venv.appendingPathComponent("bin/python").path))
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("pip install torch transformers"))
    }
}
