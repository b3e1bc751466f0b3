/// What a run of `migrate-data` did and checked.
struct MigrationReport: Equatable, Sendable {
    /// Entities written by this run, by kind.
    var copied: [EntityKind: Int] = [:]
    /// Entities the target already held as they are in the source, by kind.
    var alreadyPresent: [EntityKind: Int] = [:]
    /// Files copied between storages by this run, and those already there with the same SHA-256.
    var filesCopied = 0
    var filesPresent = 0
    /// Entities whose digest in the target equals the source's, and files whose SHA-256 does, at the end.
    var verifiedEntities = 0
    var verifiedFiles = 0

    /// Whether the target held everything already (a second run).
    var nothingToDo: Bool { copied.values.allSatisfy { $0 == 0 } && filesCopied == 0 }

    /// The lines the command prints.
    var summary: String {
        var lines: [String] = []
        if nothingToDo {
            lines.append("nothing to do: the target already holds every entity and file of the source")
        }
        for kind in EntityKind.allCases {
            lines.append("\(kind.rawValue): \(copied[kind] ?? 0) copied, \(alreadyPresent[kind] ?? 0) already there")
        }
        lines.append("files: \(filesCopied) copied, \(filesPresent) already there")
        lines.append("verified: \(verifiedEntities) entities (SHA-256 of each stored form), \(verifiedFiles) files (SHA-256)")
        lines.append("not copied: generation jobs and login attempts")
        return lines.joined(separator: "\n")
    }
}
