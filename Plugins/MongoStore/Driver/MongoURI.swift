import CMongoC
import Protocols

/// A parsed connection string (`mongoc_uri_t`), destroyed with this object.
final class MongoURI: @unchecked Sendable {
    private let pointer: OpaquePointer

    /// Parses `text`. - Throws: `PluginConfigurationError.invalid` for `MONGODB_URI`, saying why.
    init(_ text: String) throws {
        MongoRuntime.ensureInitialized()
        var error = bson_error_t()
        guard let uri = mongoc_uri_new_with_error(text, &error) else {
            let reason = MongoError(error).message
            throw PluginConfigurationError.invalid(variable: "MONGODB_URI", reason: reason.isEmpty ? "not a MongoDB URI" : reason)
        }
        pointer = uri
    }

    deinit {
        mongoc_uri_destroy(pointer)
    }

    /// Lends the C URI to `body`, keeping this object alive until `body` returns.
    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        defer { withExtendedLifetime(self) {} }
        return try body(pointer)
    }

    /// The database named in the path, if any.
    var database: String? {
        guard let name = mongoc_uri_get_database(pointer) else { return nil }
        let text = String(cString: name)
        return text.isEmpty ? nil : text
    }

    /// The hosts to name in errors: `host:port, …`, or the SRV name of a `mongodb+srv://` URI.
    var hostDescription: String {
        if let srv = mongoc_uri_get_srv_hostname(pointer) {
            return String(cString: srv)
        }
        var names: [String] = []
        var host = mongoc_uri_get_hosts(pointer)
        while let current = host {
            var copy = current.pointee.host_and_port
            names.append(withUnsafeBytes(of: &copy) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) })
            host = UnsafePointer(current.pointee.next)
        }
        return names.isEmpty ? "(no host)" : names.joined(separator: ", ")
    }

    /// An integer option as set in the URI, `nil` when absent.
    func intOption(_ name: String) -> Int32? {
        guard mongoc_uri_has_option(pointer, name) else { return nil }
        return mongoc_uri_get_option_as_int32(pointer, name, 0)
    }

    /// Sets an integer option unless the URI already sets it.
    func setDefault(_ name: String, _ value: Int32) {
        if intOption(name) == nil {
            _ = mongoc_uri_set_option_as_int32(pointer, name, value)
        }
    }
}
