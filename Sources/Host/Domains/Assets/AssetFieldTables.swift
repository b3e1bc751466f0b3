import Graphiti

/// The assets domain's fields for the compiled query path (see ``StoryFieldTables``).
enum AssetFieldTables {
    static func add(to fields: inout CompiledFields) {
        fields.add(FieldTable<RootResolver>("Query") { t in
            t.object("assetById", "AssetType", arguments: AssetIDArgs.self) { try await $0.assetById(context: $1, arguments: $2) }
        })
        fields.add(FieldTable<AssetType>("AssetType") { t in
            t.ids(node: "AssetType") { $0.asset.id }
            t.string("type") { $0.type }
            t.string("name") { $0.name }
            t.string("filename") { $0.filename }
            t.asyncString("url") { try await $0.url(context: $1, arguments: NoArguments()) }
            t.int("fileSize") { $0.fileSize }
            t.string("mimeType") { $0.mimeType }
            t.json("metadata") { $0.metadata }
            t.object("uploadedBy", "UserType") { try await $0.uploadedBy(context: $1, arguments: NoArguments()) }
            t.bool("isPublic") { $0.isPublic }
            t.double("fileSizeMb") { $0.fileSizeMb }
            t.string("fileExtension") { $0.fileExtension }
            t.string("dimensions") { $0.dimensions }
            t.string("duration") { $0.duration }
            t.double("durationSeconds") { $0.durationSeconds }
            t.dateTime("createdAt") { $0.createdAt }
            t.dateTime("updatedAt") { $0.updatedAt }
        })
    }
}
