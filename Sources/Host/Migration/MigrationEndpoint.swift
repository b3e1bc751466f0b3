import Foundation
import Protocols

/// A store named on the command line: `sqlite:PATH` or a MongoDB URI (`mongodb://…`, `mongodb+srv://…`;
/// the database is the URI's, else `MONGODB_DB_NAME`, else `veh_tpi`).
struct StoreEndpoint: Equatable, Sendable, CustomStringConvertible {
    /// The `DB_TYPE` of the store (`sqlite`, `mongo`).
    let plugin: String
    /// The variables that select it, laid over the environment (`SQLITE_PATH`, `MONGODB_URI`…).
    let variables: [String: String]

    /// Reads `value` of `option`. - Throws: ``MigrationError/invalidEndpoint(option:value:reason:)``.
    init(parsing value: String, option: String) throws {
        if value.hasPrefix("sqlite:") {
            let path = String(value.dropFirst("sqlite:".count))
            guard !path.isEmpty else {
                throw MigrationError.invalidEndpoint(option: option, value: value, reason: "name the file: sqlite:./data/story.sqlite")
            }
            plugin = "sqlite"
            variables = ["SQLITE_PATH": path]
        } else if value.hasPrefix("mongodb://") || value.hasPrefix("mongodb+srv://") {
            plugin = "mongo"
            var variables = ["MONGODB_URI": value]
            if let name = Self.databaseName(ofURI: value) { variables["MONGODB_DB_NAME"] = name }
            self.variables = variables
        } else {
            throw MigrationError.invalidEndpoint(
                option: option, value: value, reason: "expected sqlite:PATH, mongodb://… or mongodb+srv://…")
        }
    }

    /// The database a MongoDB URI names (`mongodb://host/prod?…` → `prod`), `nil` when none.
    static func databaseName(ofURI uri: String) -> String? {
        guard let schemeEnd = uri.range(of: "://") else { return nil }
        let rest = uri[schemeEnd.upperBound...]
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        let name = rest[rest.index(after: slash)...].prefix { $0 != "?" }
        return name.isEmpty ? nil : String(name)
    }

    /// Opens the store.
    func open(environment: any PluginSettings) async throws -> any StoryStore {
        try await PluginRegistry.factory(PluginRegistry.stores, name: plugin, variable: "DB_TYPE")(
            LayeredSettings(top: variables, base: environment))
    }

    /// Where the data is, without credentials.
    var description: String {
        switch plugin {
        case "sqlite": "sqlite:\(variables["SQLITE_PATH"] ?? "")"
        default: "mongo database \(variables["MONGODB_DB_NAME"] ?? "(MONGODB_DB_NAME or veh_tpi)")"
        }
    }
}

/// A file storage named on the command line: `local:PATH` (a media folder; `MEDIA_URL` and
/// `PUBLIC_BASE_URL` make its URLs), `s3` (the `AWS_*` variables), or `cloudinary` (the `CLOUDINARY_*`
/// variables), each configured as `STORAGE_TYPE` is for the server.
struct StorageEndpoint: Equatable, Sendable, CustomStringConvertible {
    /// The `STORAGE_TYPE` of the storage.
    let plugin: String
    let variables: [String: String]

    init(parsing value: String, option: String) throws {
        if value.hasPrefix("local:") {
            let path = String(value.dropFirst("local:".count))
            guard !path.isEmpty else {
                throw MigrationError.invalidEndpoint(option: option, value: value, reason: "name the folder: local:./media")
            }
            plugin = "local"
            variables = ["MEDIA_ROOT": path]
        } else if ["s3", "cloudinary"].contains(value.lowercased()) {
            plugin = value.lowercased()
            variables = [:]
        } else {
            throw MigrationError.invalidEndpoint(
                option: option, value: value, reason: "expected local:PATH, s3 (AWS_* variables) or cloudinary (CLOUDINARY_* variables)")
        }
    }

    func open(environment: any PluginSettings) async throws -> any FileStorage {
        try await PluginRegistry.factory(PluginRegistry.storages, name: plugin, variable: "STORAGE_TYPE")(
            LayeredSettings(top: variables, base: environment))
    }

    var description: String {
        plugin == "local" ? "local:\(variables["MEDIA_ROOT"] ?? "")" : plugin
    }
}

/// Variables of an endpoint over the environment: the endpoint's win.
struct LayeredSettings: PluginSettings {
    let top: [String: String]
    let base: any PluginSettings

    func string(_ name: String) -> String? {
        if let value = top[name], !value.isEmpty { return value }
        return base.string(name)
    }
}
