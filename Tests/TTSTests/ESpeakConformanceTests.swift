import GeneratorConformance
import Protocols
import Testing
@testable import TTS

/// The eSpeak NG adapter passes the shared speech generator suite.
@Suite struct ESpeakConformanceTests {
    @Test(arguments: SpeechGeneratorConformance.allCases)
    func conformance(_ check: GeneratorConformanceCase<any SpeechGenerator>) async throws {
        try await check.run { variant in
            switch variant {
            case .working, .slow: ESpeakSpeechGenerator()
            case .unavailable: ESpeakSpeechGenerator(dataPath: "/nonexistent/espeak-ng-data")
            }
        }
    }
}
