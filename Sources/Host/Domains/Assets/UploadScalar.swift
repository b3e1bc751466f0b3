import Foundation
import GraphQL
import Graphiti
import Synchronization

/// The `Upload` scalar: the value of a file sent in a multipart request (GraphQL multipart request
/// spec). It holds an opaque handle, unguessable, to the file spooled for the current request; a
/// JSON request cannot name a file.
struct Upload: Codable, Sendable, Hashable {
    let handle: String

    init(handle: String) {
        self.handle = handle
    }

    init(from decoder: any Decoder) throws {
        handle = try decoder.singleValueContainer().decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(handle)
    }

    static var scalar: Scalar<RootResolver, APIContext, Upload> {
        Scalar(Upload.self, as: "Upload", parseLiteral: { _, _ in
            throw GraphQLError(message: "An Upload is sent as a file part of a multipart request, not written in the query")
        })
        .description("A file sent as a part of a multipart request (GraphQL multipart request spec)")
    }
}

/// The files spooled for the requests being executed, by ``Upload`` handle. The multipart route
/// registers them before running the operation and removes them (and deletes the files) after.
final class UploadRegistry: Sendable {
    static let shared = UploadRegistry()

    private let files = Mutex<[String: SpooledFile]>([:])

    /// Registers a spooled file; returns its handle.
    func register(_ file: SpooledFile) -> String {
        let handle = "upload-\(UUID().uuidString)-\(UInt64.random(in: 0...UInt64.max))"
        files.withLock { $0[handle] = file }
        return handle
    }

    func file(_ upload: Upload) -> SpooledFile? {
        files.withLock { $0[upload.handle] }
    }

    /// Forgets the handles and deletes their temporary files.
    func release(_ handles: [String]) {
        let released = files.withLock { files in handles.compactMap { files.removeValue(forKey: $0) } }
        for file in released { try? FileManager.default.removeItem(atPath: file.path) }
    }
}
