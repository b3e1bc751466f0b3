import GeneratorConformance
import Protocols
import Testing
@testable import HuggingFace

/// The Hugging Face adapter passes the shared image generator suite against the fake inference API.
@Suite struct HuggingFaceConformanceTests {
    @Test(arguments: ImageGeneratorConformance.allCases)
    func conformance(_ check: GeneratorConformanceCase<any ImageGenerator>) async throws {
        try await check.run { variant in
            switch variant {
            case .working: try await FakeInferenceServer.shared.generator("ok")
            case .slow: try await FakeInferenceServer.shared.generator("slow")
            case .unavailable: try await FakeInferenceServer.shared.generator("ok", token: "a-revoked-token")
            }
        }
    }
}
