import CMongoC
import Protocols

/// A `mongoc_client_pool_t`: thread-safe, hands one client to one thread at a time.
///
/// Its maximum size equals the number of driver threads, so ``withClient(_:)`` never waits.
final class MongoClientPool: @unchecked Sendable {
    private let pointer: OpaquePointer
    /// The URI the pool was made from (for messages).
    let uri: MongoURI

    init(uri: MongoURI, maxSize: Int) throws {
        uri.setDefault("maxPoolSize", Int32(maxSize))
        var error = bson_error_t()
        // The pool keeps its own copy of the URI.
        guard let pool = uri.withPointer({ mongoc_client_pool_new_with_error($0, &error) }) else {
            // E.g. the SRV record of a mongodb+srv:// URI does not resolve, or TLS options libmongoc lacks.
            throw StoreError.unavailable("cannot use MongoDB at \(uri.hostDescription): \(MongoError(error).message)")
        }
        pointer = pool
        self.uri = uri
        _ = mongoc_client_pool_set_error_api(pool, Int32(MONGOC_ERROR_API_VERSION_2))
        _ = mongoc_client_pool_set_appname(pool, "story-server")
    }

    deinit {
        mongoc_client_pool_destroy(pointer)
    }

    /// Lends a client for the duration of `body`, on the calling thread.
    func withClient<T>(_ body: (MongoClient) throws -> T) throws -> T {
        guard let client = mongoc_client_pool_pop(pointer) else {
            throw MongoError(domain: 0, code: 0, message: "no client available from the pool")
        }
        defer { mongoc_client_pool_push(pointer, client) }
        return try body(MongoClient(pointer: client))
    }
}
