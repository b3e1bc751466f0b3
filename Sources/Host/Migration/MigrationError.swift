import Protocols

/// Why `story-server migrate-data` stopped. Each case says what to fix; none hides a store's text.
enum MigrationError: Error, Equatable, CustomStringConvertible {
    /// An endpoint argument (`--from`, `--to`, `--media-from`, `--media-to`) is not one the command knows.
    case invalidEndpoint(option: String, value: String, reason: String)
    /// The source and the target are the same store or storage.
    case sameEndpoint(String)
    /// `--media-from` without `--media-to`, or the other way round.
    case incompleteMedia
    /// The target already holds entities or files that differ from the source; nothing was written.
    case conflicts([MigrationConflict])
    /// A file an asset names could not be read from the source storage.
    case missingSourceFile(asset: ObjectId, key: String)
    /// After copying, the target does not hold what the source holds.
    case verificationFailed([String])

    var description: String {
        switch self {
        case .invalidEndpoint(let option, let value, let reason):
            "\(option) '\(value)' is invalid: \(reason)"
        case .sameEndpoint(let what):
            "the source and the target are the same \(what)"
        case .incompleteMedia:
            "--media-from and --media-to go together: give both to copy files, or neither"
        case .conflicts(let conflicts):
            "the target already holds \(conflicts.count) \(conflicts.count == 1 ? "entity or file" : "entities or files") that differ from the source; nothing was written:\n"
                + conflicts.map { "  - \($0)" }.joined(separator: "\n")
        case .missingSourceFile(let asset, let key):
            "asset \(asset.hexString) names the file \(key), which the source storage does not have"
        case .verificationFailed(let problems):
            "verification failed:\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
        }
    }
}

/// One entity or file of the target that is not what the source holds under the same id or key.
struct MigrationConflict: Equatable, CustomStringConvertible {
    let kind: EntityKind
    let id: ObjectId
    /// What differs, in words.
    let reason: String

    var description: String { "\(kind.singular) \(id.hexString): \(reason)" }
}
