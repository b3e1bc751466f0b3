import Foundation
import Protocols
import Testing
@testable import MusicGen

/// The shipped worker for real, on a tiny randomly initialised MusicGen model saved to a temporary folder.
/// Skipped unless torch and transformers are importable; to run it:
///
///     python3 -m venv /tmp/mg && /tmp/mg/bin/pip install torch transformers \
///       && MUSICGEN_TEST_PYTHON=/tmp/mg/bin/python swift test --filter MusicGenTests
@Suite(.enabled(if: TestWorkers.realWorkerCanRun, "torch and transformers are not importable (set MUSICGEN_TEST_PYTHON)"))
struct RealWorkerTests {
    @Test func theTinyModelMakesAWavOfTheRequestedLengthWithProgress() async throws {
        let generator = try TestWorkers.real()
        let progress = ProgressLog()
        let media = try await generator.generateMusic(MusicRequest(description: "calm medieval lute", durationSeconds: 2),
                                                      progress: progress.handler)
        let wav = try #require(WAVInfo(parsing: media.bytes))
        #expect(wav.channels == 1)
        #expect(wav.bitsPerSample == 16)
        #expect(wav.sampleRate == 8000)
        #expect(abs(wav.duration - 2) < 0.1)
        #expect(media.metadata["device"] == .string("cpu"))
        #expect(progress.all.count > 5, "the worker reports progress while it generates")
        #expect(progress.all == progress.all.sorted())
        #expect(progress.all.last == 1)
    }

    @Test func aMissingModelIsUnavailableAndNamesIt() async throws {
        let generator = try TestWorkers.real(model: "/nonexistent/musicgen-model")
        let error = await #expect(throws: GenerationError.self) {
            try await generator.generateMusic(MusicRequest(description: "x"), progress: { _ in })
        }
        guard case .unavailable(let message)? = error else { Issue.record("expected .unavailable, got \(String(describing: error))"); return }
        #expect(message.contains("/nonexistent/musicgen-model"))
        #expect(message.contains("MUSICGEN_MODEL"))
    }
}
