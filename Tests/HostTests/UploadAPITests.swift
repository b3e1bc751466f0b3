import Foundation
import HTTPTypes
import Protocols
import Testing

@testable import Host

@Suite("Uploads (GraphQL multipart request spec)")
struct UploadAPITests {
    @Test("an uploaded image is stored as <uuid>.<ext>, described, served back byte for byte, and deleted with its asset")
    func imageRoundTrip() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            let png = SampleMedia.png(width: 640, height: 480)
            let r = try await api.upload(png, type: "image", name: "cover", filename: "../../etc/My Photo.png", token: ann.token)
            #expect(r.status == .ok)
            #expect(r.bool("data.uploadAsset.success") == true, "\(r)")
            let url = try #require(r.string("data.uploadAsset.asset.url"))
            let filename = try #require(r.string("data.uploadAsset.asset.filename"))
            #expect(url == "/media/assets/\(filename)")
            #expect(filename.wholeMatch(of: /[0-9a-f-]{36}\.png/) != nil, "the client's name never reaches the storage path: \(filename)")
            #expect(r.string("data.uploadAsset.asset.mimeType") == "image/png")
            #expect(r["data.uploadAsset.asset.fileSize"]?.intValue == png.count)
            #expect(r.string("data.uploadAsset.asset.dimensions") == "640x480")
            #expect(r.string("data.uploadAsset.asset.uploadedBy.email") == "ann@example.com")
            let metadata = try JSONValue(parsing: try #require(r.string("data.uploadAsset.asset.metadata")))
            #expect(metadata["width"]?.intValue == 640)
            #expect(metadata["height"]?.intValue == 480)
            #expect(metadata["size"]?.intValue == png.count)
            #expect(metadata["mime_type"]?.stringValue == "image/png")
            #expect(metadata["original_name"]?.stringValue == "My Photo.png")
            #expect(metadata["storage_key"]?.stringValue == "assets/\(filename)")

            let fetched = try await api.fetch(url)
            #expect(fetched.status == .ok)
            #expect(fetched.body == png)
            #expect(fetched.headers[.contentType] == "image/png")

            let file = api.mediaFile(url)
            #expect(FileManager.default.fileExists(atPath: file.path))
            let id = try #require(r.string("data.uploadAsset.asset.mongoId"))
            let deleted = try await api.graphql("mutation($id: String!) { deleteAsset(id: $id) { success } }", ["id": .string(id)], token: ann.token)
            #expect(deleted.bool("data.deleteAsset.success") == true)
            #expect(!FileManager.default.fileExists(atPath: file.path), "deleting the asset removes its file")
            #expect(try await api.fetch(url).status == .notFound)
        }
    }

    @Test("each accepted format is detected by its magic bytes and described",
          arguments: [
            ("image", "jpg", "image/jpeg", "320x200", nil as Double?),
            ("image", "gif", "image/gif", "16x32", nil),
            ("image", "webp", "image/webp", "1000x500", nil),
            ("sound", "wav", "audio/wav", nil, 1.5),
            ("sound", "mp3", "audio/mpeg", nil, 2.606),
            ("sound", "ogg", "audio/ogg", nil, 2.0),
            ("video", "mp4", "video/mp4", nil, nil),
            ("video", "webm", "video/webm", nil, nil),
          ])
    func formats(type: String, ext: String, mime: String, dimensions: String?, duration: Double?) async throws {
        let content: [UInt8] = switch ext {
        case "jpg": SampleMedia.jpeg()
        case "gif": SampleMedia.gif()
        case "webp": SampleMedia.webp()
        case "wav": SampleMedia.wav(seconds: 1.5)
        case "mp3": SampleMedia.mp3()
        case "ogg": SampleMedia.ogg()
        case "mp4": SampleMedia.mp4()
        default: SampleMedia.webm()
        }
        try await TestServer.with { api in
            let ann = try await api.player()
            // The client's name and Content-Type are not trusted: the extension comes from the content.
            let r = try await api.upload(content, type: type, filename: "file.bin", token: ann.token)
            #expect(r.bool("data.uploadAsset.success") == true, "\(r)")
            #expect(r.string("data.uploadAsset.asset.filename")?.hasSuffix(".\(ext)") == true)
            #expect(r.string("data.uploadAsset.asset.mimeType") == mime)
            #expect(r.string("data.uploadAsset.asset.dimensions") == dimensions)
            #expect(r["data.uploadAsset.asset.durationSeconds"]?.doubleValue == duration)
        }
    }

    @Test("content that does not match the declared type is refused and nothing is stored")
    func wrongMagicBytes() async throws {
        try await TestServer.with { api in
            let ann = try await api.player()
            let cases: [([UInt8], String, String)] = [
                (Array("<?php echo 'hi'; ?>".utf8), "image", "The file content is not a valid image (expected JPEG, PNG, GIF or WebP)"),
                (SampleMedia.wav(), "image", "The file content is not a valid image (expected JPEG, PNG, GIF or WebP)"),
                (SampleMedia.png(), "sound", "The file content is not a valid sound (expected MP3, WAV or OGG)"),
                (SampleMedia.mp3(), "video", "The file content is not a valid video (expected MP4 or WebM)"),
                (SampleMedia.isoMedia(brand: "heic"), "video", "The file content is not a valid video (expected MP4 or WebM)"),
                (SampleMedia.isoMedia(brand: "M4A "), "video", "The file content is not a valid video (expected MP4 or WebM)"),
                (SampleMedia.isoMedia(brand: "qt  "), "video", "The file content is not a valid video (expected MP4 or WebM)"),
                (SampleMedia.ebml(doctype: "matroska"), "video", "The file content is not a valid video (expected MP4 or WebM)"),
                ([], "image", "The file is empty"),
            ]
            for (content, type, message) in cases {
                let r = try await api.upload(content, type: type, filename: "x.png", token: ann.token)
                #expect(r.bool("data.uploadAsset.success") == false)
                #expect(r.string("data.uploadAsset.message") == message)
            }
            #expect(try await api.server.services.storage.allKeys().isEmpty)
            #expect(try await api.store.assets(AssetFilter()).isEmpty)
        }
    }

    @Test("the type must be image, sound or video, and the name is required")
    func badTypeAndName() async throws {
        try await TestServer.with { api in
            let ann = try await api.player()
            let pdf = try await api.upload(SampleMedia.png(), type: "pdf", token: ann.token)
            #expect(pdf.string("data.uploadAsset.message") == "type must be 'image', 'sound' or 'video' (got 'pdf')")
            let unnamed = try await api.upload(SampleMedia.png(), type: "image", name: "  ", token: ann.token)
            #expect(unnamed.string("data.uploadAsset.message") == "name is required")
            #expect(try await api.server.services.storage.allKeys().isEmpty)
        }
    }

    @Test("a file past its type's limit is refused with 413 while streaming; the limits come from MAX_*_BYTES")
    func tooLarge() async throws {
        try await TestServer.with(["MAX_IMAGE_BYTES": "1000", "MAX_SOUND_BYTES": "2000", "MAX_VIDEO_BYTES": "3000"]) { api in
            let ann = try await api.player()
            let image = SampleMedia.png() + [UInt8](repeating: 0, count: 1500)
            let r = try await api.upload(image, type: "image", token: ann.token)
            #expect(r.status == .contentTooLarge)
            #expect(r.errors == ["The file is larger than the 1000 bytes limit for image files"])
            // The same bytes fit the sound limit, but are no sound.
            let asSound = try await api.upload(image, type: "sound", token: ann.token)
            #expect(asSound.string("data.uploadAsset.message") == "The file content is not a valid sound (expected MP3, WAV or OGG)")
            // Whole body past the largest limit plus the JSON limit.
            let huge = try await api.upload([UInt8](repeating: 1, count: 1_100_000), type: "video", token: ann.token)
            #expect(huge.status == .contentTooLarge)
            #expect(try await api.server.services.storage.allKeys().isEmpty)
        }
        #expect(UploadRefusal.tooLarge(kind: .image, limit: 5 * 1_048_576).description == "The file is larger than the 5 MB limit for image files")
    }

    @Test("multipart requests need a CSRF header, a logged-in user, and well-formed operations and map")
    func malformedRequests() async throws {
        try await TestServer.with { api in
            let ann = try await api.player()
            let good = MultipartBody.upload(type: "image", SampleMedia.png())

            let noCSRF = try await api.postMultipart(good, token: ann.token, preflight: false)
            #expect(noCSRF.status == .badRequest)
            #expect(noCSRF.errors == [MultipartGraphQL.csrfMessage])
            #expect(noCSRF.errors.first?.contains("Apollo-Require-Preflight") == true)

            let anonymous = try await api.postMultipart(good, token: nil)
            #expect(anonymous.errors == [authenticationRequired])

            func refusal(_ build: (inout MultipartBody) -> Void) async throws -> GraphQLResponse {
                var body = MultipartBody()
                build(&body)
                body.close()
                return try await api.postMultipart(body, token: ann.token)
            }
            let ops = UploadRequests.operations(type: "image", name: "x")
            let noOperations = try await refusal { b in
                b.field("map", #"{"0": ["variables.file"]}"#)
                b.file("0", filename: "a.png", SampleMedia.png())
            }
            #expect(noOperations.status == .badRequest)
            #expect(noOperations.errors == ["Missing the 'operations' field of the multipart request"])
            let noMap = try await refusal { b in b.field("operations", ops) }
            #expect(noMap.errors == ["Missing the 'map' field of the multipart request"])
            let badJSON = try await refusal { b in
                b.field("operations", "{not json")
                b.field("map", #"{"0": ["variables.file"]}"#)
                b.file("0", filename: "a.png", SampleMedia.png())
            }
            #expect(badJSON.errors == ["The 'operations' field is not valid JSON for a GraphQL request"])
            let badMap = try await refusal { b in
                b.field("operations", ops)
                b.field("map", #"["variables.file"]"#)
            }
            #expect(badMap.errors.first?.hasPrefix("The 'map' field must be a JSON object of arrays of paths") == true)
            let missingPart = try await refusal { b in
                b.field("operations", ops)
                b.field("map", #"{"0": ["variables.file"]}"#)
            }
            #expect(missingPart.errors == ["The file part '0' named in 'map' is missing"])
            let badPath = try await refusal { b in
                b.field("operations", ops)
                b.field("map", #"{"0": ["variables.type"]}"#)
                b.file("0", filename: "a.png", SampleMedia.png())
            }
            #expect(badPath.errors == ["The 'map' path 'variables.type' does not name a null variable of 'operations'"])
            let fileFirst = try await refusal { b in
                b.file("0", filename: "a.png", SampleMedia.png())
                b.field("operations", ops)
            }
            #expect(fileFirst.errors == ["The 'operations' and 'map' fields must come before the files (GraphQL multipart request spec)"])
            var truncated = MultipartBody.upload(type: "image", SampleMedia.png())
            truncated = MultipartBody.truncating(truncated, by: 30)
            #expect(try await api.postMultipart(truncated, token: ann.token).errors == ["The multipart body ended in the middle of a part"])
            #expect(try await api.server.services.storage.allKeys().isEmpty)
        }
    }

    @Test("a JSON request cannot name a file: Upload values only come from multipart parts")
    func noForgedHandles() async throws {
        try await TestServer.with { api in
            let ann = try await api.player()
            let r = try await api.graphql(UploadRequests.mutation, ["file": .string("/etc/passwd"), "type": .string("image"), "name": .string("x")], token: ann.token)
            #expect(r.string("data.uploadAsset.message") == UploadRefusal.noFile.description)
            let literal = try await api.graphql(#"mutation { uploadAsset(file: "x", type: "image", name: "x") { success } }"#, token: ann.token)
            #expect(!literal.errors.isEmpty)
        }
    }

    @Test("spooled files are deleted once the request is answered, accepted or refused (UPLOAD_TMP_DIR)")
    func spoolCleanup() async throws {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: spool) }
        try await TestServer.with(["UPLOAD_TMP_DIR": spool.path, "MAX_IMAGE_BYTES": "1000"]) { api in
            let ann = try await api.player()
            #expect(try await api.upload(SampleMedia.png(), type: "image", token: ann.token).bool("data.uploadAsset.success") == true)
            #expect(try await api.upload(SampleMedia.png(), type: "sound", token: ann.token).bool("data.uploadAsset.success") == false)
            #expect(try await api.upload(SampleMedia.png() + [UInt8](repeating: 0, count: 2000), type: "image", token: ann.token).status == .contentTooLarge)
            #expect(FileManager.default.fileExists(atPath: spool.path), "the uploads went through the spool folder")
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path) == [])
        }
    }
}

extension MultipartBody {
    /// The body without its last `count` bytes (a client that went away).
    static func truncating(_ body: MultipartBody, by count: Int) -> MultipartBody {
        var copy = body
        copy.bytes.removeLast(count)
        return copy
    }
}
