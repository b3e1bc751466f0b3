import Foundation
import Protocols

/// The generators that are configured, and the durable queue that runs them.
struct GenerationService: Sendable {
    let image: (any ImageGenerator)?
    let speech: (any SpeechGenerator)?
    let music: (any MusicGenerator)?
    /// Why each missing provider is missing (the variable to set), by kind.
    let unavailableReasons: [GenerationKind: String]
    let settings: GenerationSettings
}

extension APIContext {
    /// Saves the scene's payload after enqueueing the generations its input asks for.
    func generateForScene(_ scene: Scene, input: SceneInput, message: String) async throws -> ScenePayload {
        await loaders.prepare(scenes: [scene])
        var notes: [String] = []
        let wanted: [(Bool?, String)] = [(input.autoGenerateImage, "image"), (input.autoGenerateSound, "sound"), (input.autoGenerateMusic, "music")]
        for (flag, name) in wanted where flag == true {
            notes.append("\(name) generation is not available yet")
        }
        let text = notes.isEmpty ? message : message + "; " + notes.joined(separator: "; ")
        return ScenePayload(scene: SceneType(scene: scene), success: true, message: text, jobs: [])
    }
}
