import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import Protocols

@testable import Host

/// A `multipart/form-data` body built by hand, as apollo-upload-client sends it.
struct MultipartBody {
    let boundary = "----story-test-\(UUID().uuidString)"
    var bytes: [UInt8] = []

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func field(_ name: String, _ value: String) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
    }

    mutating func file(_ name: String, filename: String, contentType: String = "application/octet-stream", _ content: [UInt8]) {
        bytes += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8)
        bytes += content
        bytes += Array("\r\n".utf8)
    }

    mutating func close() {
        bytes += Array("--\(boundary)--\r\n".utf8)
    }

    /// The usual upload: `operations`, `map` with the file at `variables.file`, the file, the end.
    static func upload(type: String, name: String = "my file", filename: String = "photo.png", _ content: [UInt8]) -> MultipartBody {
        var body = MultipartBody()
        body.field("operations", UploadRequests.operations(type: type, name: name))
        body.field("map", #"{"0": ["variables.file"]}"#)
        body.file("0", filename: filename, content)
        body.close()
        return body
    }
}

enum UploadRequests {
    static let mutation = "mutation($file: Upload!, $type: String!, $name: String!) { uploadAsset(file: $file, type: $type, name: $name) { success message asset { mongoId type name filename url fileSize mimeType metadata dimensions duration durationSeconds uploadedBy { email } } } }"

    static func operations(type: String, name: String) -> String {
        JSONValue.object([
            "query": .string(mutation),
            "variables": .object(["file": .null, "type": .string(type), "name": .string(name)]),
        ]).jsonString
    }
}

extension TestAPI {
    /// Posts a multipart body with the CSRF header (unless `preflight` is false).
    func postMultipart(_ body: MultipartBody, token: String?, preflight: Bool = true) async throws -> GraphQLResponse {
        var headers: HTTPFields = [.contentType: body.contentType]
        if let token { headers[.authorization] = "JWT \(token)" }
        if preflight { headers[HTTPField.Name("Apollo-Require-Preflight")!] = "true" }
        return try await client.execute(uri: "/graphql/", method: .post, headers: headers, body: ByteBuffer(bytes: body.bytes)) { response in
            let json = (try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: response.body))) ?? .null
            return GraphQLResponse(status: response.status, json: json)
        }
    }

    func upload(_ content: [UInt8], type: String, name: String = "my file", filename: String = "photo.png", token: String?) async throws -> GraphQLResponse {
        try await postMultipart(.upload(type: type, name: name, filename: filename, content), token: token)
    }

    /// GET a path: status, headers and body bytes.
    func fetch(_ path: String, method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [UInt8]) {
        try await client.execute(uri: path, method: method, headers: headers) { response in
            (response.status, response.headers, Array(response.body.readableBytesView))
        }
    }

    /// The file the storage holds for an uploaded asset, under the test server's media folder.
    func mediaFile(_ url: String) -> URL {
        server.directory.appendingPathComponent("media").appendingPathComponent(String(url.dropFirst("/media/".count)))
    }
}

/// Small but well-formed media files, each with known dimensions or duration.
enum SampleMedia {
    /// A PNG header with an IHDR of 640×480 (enough for detection and metadata).
    static func png(width: UInt32 = 640, height: UInt32 = 480) -> [UInt8] {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bytes += be32(width) + be32(height) + [8, 6, 0, 0, 0] + [0, 0, 0, 0]
        bytes += [0, 0, 0, 0] + Array("IEND".utf8) + [0xAE, 0x42, 0x60, 0x82]
        return bytes
    }

    /// A JPEG with an APP0 segment, then a baseline SOF0 of 320×200.
    static func jpeg() -> [UInt8] {
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        bytes += [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 200, 0x01, 0x40, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]
        bytes += [0xFF, 0xD9]
        return bytes
    }

    static func gif() -> [UInt8] { Array("GIF89a".utf8) + [0x10, 0x00, 0x20, 0x00, 0, 0, 0] + [0x3B] }

    /// An extended (VP8X) WebP of 1000×500.
    static func webp() -> [UInt8] {
        var bytes = Array("RIFF".utf8) + le32(22) + Array("WEBP".utf8) + Array("VP8X".utf8) + le32(10)
        bytes += [0, 0, 0, 0] + [0xE7, 0x03, 0x00] + [0xF3, 0x01, 0x00]
        return bytes
    }

    /// A mono 8 kHz 16-bit WAV of `seconds`.
    static func wav(seconds: Double = 1.5) -> [UInt8] {
        let rate: UInt32 = 8000
        let dataSize = UInt32(Double(rate) * 2 * seconds)
        var bytes = Array("RIFF".utf8) + le32(36 + dataSize) + Array("WAVE".utf8)
        bytes += Array("fmt ".utf8) + le32(16) + [1, 0, 1, 0] + le32(rate) + le32(rate * 2) + [2, 0, 16, 0]
        bytes += Array("data".utf8) + le32(dataSize) + [UInt8](repeating: 0, count: Int(dataSize))
        return bytes
    }

    /// MPEG-1 Layer III, 128 kb/s, 44.1 kHz, no padding: 100 frames of 417 bytes (about 2.61 s).
    static func mp3(frames: Int = 100) -> [UInt8] {
        let frame: [UInt8] = [0xFF, 0xFB, 0x90, 0x64] + [UInt8](repeating: 0, count: 413)
        return Array("ID3".utf8) + [3, 0, 0, 0, 0, 0, 10] + [UInt8](repeating: 0, count: 10)
            + (0..<frames).flatMap { _ in frame }
    }

    /// An Ogg Vorbis stream of 44.1 kHz whose last page's granule is 88 200 samples (2 s).
    static func ogg() -> [UInt8] {
        func page(granule: UInt64, packet: [UInt8]) -> [UInt8] {
            Array("OggS".utf8) + [0, 2] + le64(granule) + le32(1) + le32(0) + le32(0) + [1, UInt8(packet.count)] + packet
        }
        let identification = [0x01] + Array("vorbis".utf8) + le32(0) + [2] + le32(44100) + le32(0) + le32(128_000) + le32(0) + [0xB8, 0x01]
        return page(granule: 0, packet: identification) + page(granule: 88_200, packet: [UInt8](repeating: 7, count: 50))
    }

    static func mp4() -> [UInt8] { be32(24) + Array("ftypisom".utf8) + [0, 0, 2, 0] + Array("isomiso2".utf8) + [UInt8](repeating: 0, count: 64) }

    /// An EBML header of document type `doctype` (`webm`, or `matroska` for the refusal test).
    static func ebml(doctype: String = "webm") -> [UInt8] {
        let type = Array(doctype.utf8)
        let body: [UInt8] = [0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08,
                             0x42, 0x82, 0x80 | UInt8(type.count)] + type + [0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02]
        return [0x1A, 0x45, 0xDF, 0xA3, 0x80 | UInt8(body.count)] + body + [UInt8](repeating: 0, count: 64)
    }
    static func webm() -> [UInt8] { ebml() }
    /// An ISO media file of this major brand (`isom` is MP4 video; `heic`, `M4A `, `qt  ` are not).
    static func isoMedia(brand: String) -> [UInt8] {
        be32(24) + Array("ftyp".utf8) + Array(brand.utf8) + [0, 0, 2, 0] + Array(brand.utf8) + Array("mif1".utf8) + [UInt8](repeating: 0, count: 64)
    }

    static func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)] }
    static func le32(_ v: UInt32) -> [UInt8] { be32(v).reversed() }
    static func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8((v >> (8 * UInt64($0))) & 0xFF) } }
}
