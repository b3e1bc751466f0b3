import Protocols

/// Where an asset's bytes are in its file storage, for the migration: the port's typed
/// ``Asset/storageKey`` (`nil` for an external URL, or a record of the old server, which kept only
/// `filename` and `url`).
extension Asset {
    var migrationStorageKey: String? {
        get { storageKey }
        set { storageKey = newValue }
    }
}
