import CloudinaryStorage
import HuggingFace
import LocalStorage
import MongoStore
import MusicGen
import Protocols
import S3Storage
import SQLiteStore
import TTS

/// Maps the plugin names of the environment (`DB_TYPE`, `STORAGE_TYPE`, `IMAGE_PROVIDER`,
/// `TTS_PROVIDER`, `MUSIC_PROVIDER`) to the factories of the adapters. To add a plugin, add its
/// target under `Plugins/`, depend on it from `Host`, and add one line here.
enum PluginRegistry {
    typealias Factory<T> = @Sendable (any PluginSettings) async throws -> T

    static let stores: [String: Factory<any StoryStore>] = [
        "sqlite": { try SQLiteStore.make(settings: $0) },
        "mongo": { try await MongoStore.make(settings: $0) },
    ]

    static let storages: [String: Factory<any FileStorage>] = [
        "local": { try LocalStorage.make(settings: $0) },
        "s3": { try S3Storage.make(settings: $0) },
        "cloudinary": { try CloudinaryStorage.make(settings: $0) },
    ]

    static let imageProviders: [String: Factory<any ImageGenerator>] = [
        "huggingface": { try HuggingFaceImageGenerator.make(settings: $0) },
    ]

    static let speechProviders: [String: Factory<any SpeechGenerator>] = [
        "espeak": { try ESpeakSpeechGenerator.make(settings: $0) },
        "huggingface": { try HuggingFaceSpeechGenerator.make(settings: $0) },
    ]

    static let musicProviders: [String: Factory<any MusicGenerator>] = [
        "musicgen": { try MusicGenGenerator.make(settings: $0) },
        "huggingface": { try HuggingFaceMusicGenerator.make(settings: $0) },
    ]

    /// The factory named `name`. - Throws: ``PluginConfigurationError/invalid(variable:reason:)`` naming
    /// the variable and the known names.
    static func factory<T>(_ table: [String: Factory<T>], name: String, variable: String) throws -> Factory<T> {
        guard let factory = table[name.lowercased()] else {
            throw PluginConfigurationError.invalid(
                variable: variable, reason: "unknown plugin '\(name)' (known: \(table.keys.sorted().joined(separator: ", ")))")
        }
        return factory
    }
}
