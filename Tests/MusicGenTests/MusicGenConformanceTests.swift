import GeneratorConformance
import Protocols
import Testing
@testable import MusicGen

/// The MusicGen adapter passes the shared music generator suite, with the test worker and — when torch and
/// transformers are importable — with the shipped worker on a tiny random model.
///
/// To run the real-worker tests: `python3 -m venv /tmp/mg && /tmp/mg/bin/pip install torch transformers &&
/// MUSICGEN_TEST_PYTHON=/tmp/mg/bin/python swift test --filter MusicGenTests`
@Suite struct MusicGenConformanceTests {
    @Test(arguments: MusicGeneratorConformance.allCases)
    func conformanceWithTheTestWorker(_ check: GeneratorConformanceCase<any MusicGenerator>) async throws {
        try await check.run { variant in
            switch variant {
            case .working: TestWorkers.fake()
            case .slow: TestWorkers.fake(delay: 6)
            case .unavailable: TestWorkers.fake(python: "python3-that-is-not-installed")
            }
        }
    }

    @Test(.enabled(if: TestWorkers.realWorkerCanRun, "torch and transformers are not importable (MUSICGEN_TEST_PYTHON)"),
          arguments: MusicGeneratorConformance.allCases)
    func conformanceWithTheRealWorker(_ check: GeneratorConformanceCase<any MusicGenerator>) async throws {
        try await check.run { variant in
            switch variant {
            case .working, .slow: try TestWorkers.real()
            case .unavailable: try TestWorkers.real(model: "/nonexistent/musicgen-model")
            }
        }
    }
}
