import Foundation
import Protocols

/// One S3 multipart upload: CreateMultipartUpload, an UploadPart per `partSize` bytes read from the
/// file (one part in memory at a time), CompleteMultipartUpload; AbortMultipartUpload on any failure
/// so no orphan parts are billed.
struct MultipartUpload {
    let client: S3Client
    let key: String
    let headers: [(String, String)]
    let partSize: Int

    func run(path: String, size: Int) async throws {
        let created = try await client.expectSuccess(.POST, key: key, query: [("uploads", "")], headers: headers,
                                                     operation: "multipart upload of \(key)")
        guard let uploadID = S3XML.value("UploadId", in: created.text) else {
            throw FileStorageError.backend("S3 multipart upload of \(key) failed: no UploadId in the answer")
        }
        do {
            var etags: [String] = []
            var offset = 0
            while offset < size {
                let length = min(partSize, size - offset)
                etags.append(try await uploadPart(etags.count + 1, uploadID: uploadID, path: path, offset: offset, length: length))
                offset += length
            }
            try await complete(uploadID: uploadID, etags: etags)
        } catch {
            _ = try? await client.send(.DELETE, key: key, query: [("uploadId", uploadID)], operation: "abort of \(key)")
            throw error
        }
    }

    private func uploadPart(_ number: Int, uploadID: String, path: String, offset: Int, length: Int) async throws -> String {
        let hash = try S3Storage.sha256(ofFile: path, length: length, offset: UInt64(offset))
        let response = try await client.expectSuccess(
            .PUT, key: key, query: [("partNumber", String(number)), ("uploadId", uploadID)],
            body: .file(path: path, offset: UInt64(offset), length: length, sha256: hash),
            operation: "upload of part \(number) of \(key)")
        guard let etag = response.headers.first(name: "ETag") else {
            throw FileStorageError.backend("S3 upload of part \(number) of \(key) failed: no ETag in the answer")
        }
        return etag
    }

    private func complete(uploadID: String, etags: [String]) async throws {
        let parts = etags.enumerated().map { index, etag in
            "<Part><PartNumber>\(index + 1)</PartNumber><ETag>\(S3XML.escape(etag))</ETag></Part>"
        }.joined()
        let xml = "<CompleteMultipartUpload xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">\(parts)</CompleteMultipartUpload>"
        let response = try await client.expectSuccess(
            .POST, key: key, query: [("uploadId", uploadID)], headers: [("content-type", "application/xml")],
            body: .bytes(Array(xml.utf8)), operation: "completion of the multipart upload of \(key)")
        // S3 may answer 200 with an error document when completion fails late.
        if let code = S3XML.value("Code", in: response.text), S3XML.value("Error", in: response.text) != nil || response.text.contains("<Error>") {
            throw FileStorageError.backend("S3 completion of the multipart upload of \(key) failed [\(code)]")
        }
    }
}
