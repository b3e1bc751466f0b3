import Protocols

/// Where an asset's bytes are in its file storage, read and written in this one place for the migration
/// (today the host keeps the key as `metadata.storage_key`).
extension Asset {
    /// The storage key of the asset's file, `nil` for an asset that names none (an external URL, or a
    /// record of the old server, which kept only `filename` and `url`).
    var migrationStorageKey: String? {
        get { metadata["storage_key"]?.stringValue }
        set {
            var members = metadata.objectValue ?? [:]
            members["storage_key"] = newValue.map(JSONValue.string)
            metadata = .object(members)
        }
    }
}
