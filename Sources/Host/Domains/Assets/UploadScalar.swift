import Foundation
import GraphQL
import Graphiti

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

/// The files spooled for one request, by ``Upload`` handle: made by the multipart route, carried by
/// the request's ``APIContext`` (so no other request can reach them), and deleted by the route once
/// the operation has answered.
struct RequestUploads: Sendable {
    private var files: [String: SpooledFile] = [:]

    /// No files: a JSON request, which cannot name one.
    static let none = RequestUploads()

    /// Adds a spooled file; returns its handle (unguessable, though only this request could use it).
    mutating func add(_ file: SpooledFile) -> String {
        let handle = "upload-\(UUID().uuidString)-\(UInt64.random(in: 0...UInt64.max))"
        files[handle] = file
        return handle
    }

    func file(_ upload: Upload) -> SpooledFile? { files[upload.handle] }

    /// Deletes the temporary files.
    func deleteFiles() {
        for file in files.values { try? FileManager.default.removeItem(atPath: file.path) }
    }
}
