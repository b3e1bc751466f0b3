import Foundation
import Protocols
@testable import MusicGen

/// Generators wired to the test worker (`fake_musicgen_worker.py`) or to the real one.
enum TestWorkers {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

    /// A generator whose worker is the fake one; `start` and `delay` set its behaviour (see the script).
    static func fake(
        start: String = "ready", delay: Double = 0, maxSeconds: Double = 15, requestTimeout: Double = 30,
        startTimeout: Double = 30, python: String = "python3"
    ) -> MusicGenGenerator {
        MusicGenGenerator(settings: MusicGenSettings(
            python: python, workerScript: folder.appendingPathComponent("fake_musicgen_worker.py").path,
            model: "fake/musicgen", maxSeconds: maxSeconds, requestTimeout: requestTimeout, startTimeout: startTimeout,
            environment: ["FAKE_WORKER_START": start, "FAKE_WORKER_DELAY": String(delay)]))
    }

    /// The interpreter for the real worker: `MUSICGEN_TEST_PYTHON`, else `python3`.
    static let realPython = ProcessInfo.processInfo.environment["MUSICGEN_TEST_PYTHON"] ?? "python3"

    /// Whether `realPython` can import torch and transformers (the real worker's tests are skipped otherwise).
    static let realWorkerCanRun: Bool = run(realPython, ["-c", "import torch, transformers, numpy"]) == 0

    /// A tiny randomly initialised MusicGen model saved once for the test process, or `nil` when it cannot be made.
    static let tinyModel: String? = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tiny-musicgen-\(UUID().uuidString)")
        let status = run(realPython, [folder.appendingPathComponent("make_tiny_musicgen.py").path, directory.path])
        return status == 0 ? directory.path : nil
    }()

    /// A generator running the shipped worker on the tiny model (or on `model`).
    static func real(model: String? = nil, python: String = realPython, requestTimeout: Double = 120) throws -> MusicGenGenerator {
        guard let model = model ?? tinyModel else { throw TestWorkerError.noTinyModel }
        return MusicGenGenerator(settings: MusicGenSettings(
            python: python, model: model, device: "cpu", maxSeconds: 15, requestTimeout: requestTimeout, startTimeout: 300,
            environment: ["HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"]))
    }

    /// Runs a command and returns its exit status (127 when it cannot start).
    static func run(_ executable: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return 127 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

enum TestWorkerError: Error {
    case noTinyModel
}

/// Collects progress values, thread-safely.
final class ProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Double] = []
    var handler: ProgressHandler { { value in self.lock.withLock { self.values.append(value) } } }
    var all: [Double] { lock.withLock { values } }
}
