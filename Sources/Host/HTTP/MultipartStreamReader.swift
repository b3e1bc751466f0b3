import Foundation
import Hummingbird
import MultipartKit
import NIOCore
import Protocols

/// A file part of a multipart request, spooled to a temporary file as it arrived.
struct SpooledFile: Sendable, Equatable {
    /// The temporary file; deleted when the request ends.
    let path: String
    let size: Int
    /// The first bytes, for format detection.
    let head: [UInt8]
    /// The client's file name, kept as metadata only: it never reaches a storage path.
    let originalName: String
    /// The part's declared `Content-Type`, not trusted.
    let contentType: String?
}

/// What a multipart GraphQL request carried: the raw `operations` and `map` fields and the files.
struct MultipartContent: Sendable {
    var operations: [UInt8]
    var map: [String: [String]]
    /// Spooled files by part name (the keys of `map`).
    var files: [String: SpooledFile]
}

/// A refusal of a multipart request, answered before the GraphQL operation runs.
struct MultipartRequestError: Error, Equatable, Sendable, CustomStringConvertible {
    let status: HTTPResponse.Status
    let message: String
    /// For a fault of the server (the spool folder unusable, a full disk): the cause, for the log
    /// only; the client is answered `Internal error (request id …)`.
    var cause: String? = nil

    var description: String { message }

    static func badRequest(_ message: String) -> Self { Self(status: .badRequest, message: message) }
    static func tooLarge(_ message: String) -> Self { Self(status: .contentTooLarge, message: message) }
    static func internalFailure(_ error: any Error) -> Self {
        Self(status: .serviceUnavailable, message: "Internal error", cause: String(reflecting: error))
    }
}

/// Parses a `multipart/form-data` body as it streams in (MultipartKit's incremental parser), keeping
/// the small `operations` and `map` fields in memory and spooling each file part to a temporary file,
/// counting its bytes. It stops reading as soon as a limit is passed, so the rest of the body is never
/// read; memory stays at one network chunk plus the fields, whatever the file size.
struct MultipartStreamReader {
    struct Limits: Sendable {
        /// Per field other than files (`operations`, `map`).
        var maxFieldBytes: Int
        /// The whole body.
        var maxBodyBytes: Int
        /// The limit of a file, given the `variables.type` of `operations` when it was a known type.
        var maxFileBytes: @Sendable (AssetKind?) -> Int
        /// The refusal text of a file past its limit.
        var tooLargeMessage: @Sendable (AssetKind?, Int) -> String
    }

    let boundary: String
    let limits: Limits
    let spoolDirectory: URL

    /// Reads the whole body. On a refusal the spooled files are already deleted.
    func read<Body: AsyncSequence>(_ body: Body) async throws -> MultipartContent where Body.Element == ByteBuffer {
        let state = ParseState(limits: limits, spoolDirectory: spoolDirectory)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in state.header(name, value) }
        parser.onBody = { buffer in state.body(&buffer) }
        parser.onPartComplete = { state.partComplete() }
        var total = 0
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                if total > limits.maxBodyBytes {
                    throw MultipartRequestError.tooLarge("The request body is larger than \(UploadRefusal.megabytes(limits.maxBodyBytes))")
                }
                do {
                    try parser.execute(chunk)
                } catch {
                    throw MultipartRequestError.badRequest("The multipart body is malformed")
                }
                try state.flush()
            }
            return try state.finish()
        } catch {
            state.discard()
            if let error = error as? MultipartRequestError { throw error }
            throw MultipartRequestError.badRequest("The request body could not be read: the connection stalled or closed")
        }
    }
}

/// The parser's callbacks: which part is being read and where its bytes go.
private final class ParseState {
    private enum Part {
        case none
        case field(name: String)
        case file(name: String, writer: SpoolWriter)
        case ignored
    }

    let limits: MultipartStreamReader.Limits
    let spoolDirectory: URL
    private var headers: [String: String] = [:]
    private var part: Part = .none
    private var partOpen = false
    private var fieldBytes: [UInt8] = []
    private var operations: [UInt8]?
    private var kind: AssetKind?
    private var map: [String: [String]]?
    private var files: [String: SpooledFile] = [:]
    private var error: MultipartRequestError?

    init(limits: MultipartStreamReader.Limits, spoolDirectory: URL) {
        self.limits = limits
        self.spoolDirectory = spoolDirectory
    }

    func header(_ name: String, _ value: String) {
        partOpen = true
        headers[name.lowercased()] = value
    }

    func body(_ buffer: inout ByteBuffer) {
        partOpen = true
        guard error == nil else { return }
        if case .none = part { start() }
        switch part {
        case .field(let name):
            fieldBytes.append(contentsOf: buffer.readableBytesView)
            if fieldBytes.count > limits.maxFieldBytes {
                fail(.tooLarge("The '\(name)' field is larger than \(limits.maxFieldBytes) bytes"))
            }
        case .file(_, let writer):
            writer.append(buffer)
            let limit = limits.maxFileBytes(kind)
            if writer.size > limit { fail(.tooLarge(limits.tooLargeMessage(kind, limit))) }
        case .ignored, .none:
            break
        }
    }

    func partComplete() {
        guard error == nil else { return }
        if case .none = part { start() }
        switch part {
        case .field(let name):
            let bytes = fieldBytes
            fieldBytes = []
            if name == "operations" {
                operations = bytes
                kind = Self.declaredKind(bytes)
            } else if name == "map" {
                guard let decoded = try? JSONDecoder().decode([String: [String]].self, from: Data(bytes)) else {
                    return fail(.badRequest("The 'map' field must be a JSON object of arrays of paths, like {\"0\": [\"variables.file\"]}"))
                }
                map = decoded
            }
        case .file(let name, let writer):
            do {
                files[name] = try writer.close()
            } catch {
                fail(.internalFailure(error))
            }
        case .ignored, .none:
            break
        }
        part = .none
        partOpen = false
        headers = [:]
    }

    /// Decides what to do with the part whose headers were just read.
    private func start() {
        let disposition = Self.parameters(of: headers["content-disposition"] ?? "")
        let name = disposition["name"] ?? ""
        if name == "operations" || name == "map" {
            part = .field(name: name)
            fieldBytes = []
        } else if let map, map[name] != nil {
            do {
                let writer = try SpoolWriter(directory: spoolDirectory)
                writer.originalName = disposition["filename"] ?? ""
                writer.contentType = headers["content-type"]
                part = .file(name: name, writer: writer)
            } catch {
                fail(.internalFailure(error))
            }
        } else if map == nil, disposition["filename"] != nil {
            fail(.badRequest("The 'operations' and 'map' fields must come before the files (GraphQL multipart request spec)"))
        } else {
            part = .ignored
        }
    }

    /// Writes what the last chunk brought to the spool file. - Throws: the first refusal.
    func flush() throws {
        if let error { throw error }
        if case .file(_, let writer) = part {
            do { try writer.flush() } catch { fail(.internalFailure(error)) }
        }
        if let error { throw error }
    }

    func finish() throws -> MultipartContent {
        if let error { throw error }
        if partOpen { throw MultipartRequestError.badRequest("The multipart body ended in the middle of a part") }
        guard let operations else { throw MultipartRequestError.badRequest("Missing the 'operations' field of the multipart request") }
        guard let map else { throw MultipartRequestError.badRequest("Missing the 'map' field of the multipart request") }
        for name in map.keys.sorted() where files[name] == nil {
            throw MultipartRequestError.badRequest("The file part '\(name)' named in 'map' is missing")
        }
        return MultipartContent(operations: operations, map: map, files: files)
    }

    /// Deletes every spooled file (after a refusal).
    func discard() {
        if case .file(_, let writer) = part { writer.abandon() }
        for file in files.values { try? FileManager.default.removeItem(atPath: file.path) }
        files = [:]
    }

    private func fail(_ refusal: MultipartRequestError) {
        if error == nil { error = refusal }
    }

    /// `variables.type` of the operations, when it names an asset type.
    private static func declaredKind(_ operations: [UInt8]) -> AssetKind? {
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(operations)),
            let type = json["variables"]?["type"]?.stringValue
        else { return nil }
        return AssetKind(rawValue: type.lowercased())
    }

    /// The parameters of a `Content-Disposition: form-data; name="x"; filename="y"` header.
    static func parameters(of header: String) -> [String: String] {
        var result: [String: String] = [:]
        for item in header.split(separator: ";").dropFirst() {
            let pair = item.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
                value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"")
            }
            result[pair[0].trimmingCharacters(in: .whitespaces).lowercased()] = value
        }
        return result
    }
}

/// Appends a file part's bytes to a temporary file; a chunk at a time, never the whole file.
private final class SpoolWriter {
    let path: String
    private let handle: FileHandle
    private var pending = ByteBuffer()
    private(set) var size = 0
    private(set) var head: [UInt8] = []
    var originalName = ""
    var contentType: String?

    init(directory: URL) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent("upload-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission)
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }

    func append(_ buffer: ByteBuffer) {
        size += buffer.readableBytes
        if head.count < MediaFormat.sniffLength {
            head.append(contentsOf: buffer.readableBytesView.prefix(MediaFormat.sniffLength - head.count))
        }
        var buffer = buffer
        pending.writeBuffer(&buffer)
    }

    func flush() throws {
        guard pending.readableBytes > 0 else { return }
        try pending.withUnsafeReadableBytes { try handle.write(contentsOf: $0) }
        pending.clear()
    }

    func close() throws -> SpooledFile {
        try flush()
        try handle.close()
        return SpooledFile(path: path, size: size, head: head, originalName: originalName, contentType: contentType)
    }

    func abandon() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: path)
    }
}
