import Foundation
import Protocols
import Testing

@testable import Host

/// End to end through GraphQL with `STORAGE_TYPE=s3` against moto (signature checking on): a
/// server switched to S3 by its environment alone uploads, serves and hides files.
@Suite("Asset visibility on S3 through GraphQL",
       .enabled(if: S3ServerEnvironment.enabled, "S3_TEST_ENDPOINT is unset: run `bash scripts/services/s3.sh start`"))
struct AssetVisibilityS3Tests {
    @Test("upload public, fetch it; updateAsset isPublic false: S3 refuses the old URL, the presigned url serves it; back to public")
    func updateAssetHidesTheObject() async throws {
        try await TestServer.with(try S3ServerEnvironment.variables()) { api in
            let ann = try await api.player("ann@example.com")
            let png = SampleMedia.png(width: 33, height: 44)
            let up = try await api.upload(png, type: "image", token: ann.token)
            #expect(up.bool("data.uploadAsset.success") == true, "\(up)")
            let id = try #require(up.string("data.uploadAsset.asset.mongoId"))
            let url = try #require(up.string("data.uploadAsset.asset.url"))
            let key = try #require(VisibilityRequests.storageKey(up, "data.uploadAsset.asset.metadata"))
            let endpoint = try S3ServerEnvironment.variables()["AWS_S3_ENDPOINT_URL"]!
            #expect(url.hasPrefix(endpoint + "/") && url.hasSuffix("/" + key), "the object's URL on the bucket: \(url)")
            #expect(key.hasPrefix("image/") && !url.contains("X-Amz-Signature"))
            let fetched = try await BrowserGET.get(url)
            #expect(fetched.status == 200 && fetched.body == png, "a public object is readable without a signature")

            let hidden = try await api.graphql(VisibilityRequests.update, ["id": .string(id), "isPublic": .bool(false)], token: ann.token)
            #expect(hidden.bool("data.updateAsset.success") == true, "\(hidden)")
            #expect(VisibilityRequests.storageKey(hidden, "data.updateAsset.asset.metadata") == key, "S3 keeps the key")
            #expect(try await BrowserGET.get(url).status == 403, "S3 refuses the old public URL of a private asset")
            let presigned = try #require(hidden.string("data.updateAsset.asset.url"))
            #expect(presigned.contains("X-Amz-Signature="), "\(presigned)")
            let viaPresigned = try await BrowserGET.get(presigned)
            #expect(viaPresigned.status == 200 && viaPresigned.body == png)
            let read = try await api.graphql(VisibilityRequests.read, ["id": .string(id)], token: ann.token)
            let readURL = try #require(read.string("data.assetById.url"))
            #expect(readURL.contains("X-Amz-Signature="), "the url is presigned at read time: \(readURL)")
            #expect(try await BrowserGET.get(readURL).body == png)
            let twice = try await api.graphql(
                "query($id: ID!) { a: assetById(assetId: $id) { url } b: assetById(assetId: $id) { url } }", ["id": .string(id)], token: ann.token)
            #expect(twice.string("data.a.url")?.contains("X-Amz-Signature=") == true, "\(twice)")
            #expect(twice.string("data.a.url") == twice.string("data.b.url"), "one signed URL a file for the whole request")

            let shown = try await api.graphql(VisibilityRequests.update, ["id": .string(id), "isPublic": .bool(true)], token: ann.token)
            #expect(shown.bool("data.updateAsset.success") == true, "\(shown)")
            #expect(shown.string("data.updateAsset.asset.url") == url)
            #expect(try await BrowserGET.get(url).body == png, "public again: the plain URL serves it")

            let deleted = try await api.graphql("mutation($id: String!) { deleteAsset(id: $id) { success } }", ["id": .string(id)], token: ann.token)
            #expect(deleted.bool("data.deleteAsset.success") == true)
            #expect(try await BrowserGET.get(presigned).status == 404, "deleting the asset removes the object")
        }
    }

    @Test("uploadAsset(isPublic: false) stores the object private from the start: only the presigned url reads it")
    func privateFromTheStart() async throws {
        try await TestServer.with(try S3ServerEnvironment.variables()) { api in
            let ann = try await api.player("ann@example.com")
            let png = SampleMedia.png(width: 5, height: 6)
            let up = try await api.postMultipart(VisibilityRequests.multipart(png, isPublic: false), token: ann.token)
            #expect(up.bool("data.uploadAsset.success") == true, "\(up)")
            #expect(up.bool("data.uploadAsset.asset.isPublic") == false)
            let id = try #require(up.string("data.uploadAsset.asset.mongoId"))
            let key = try #require(VisibilityRequests.storageKey(up, "data.uploadAsset.asset.metadata"))
            let endpoint = try S3ServerEnvironment.variables()["AWS_S3_ENDPOINT_URL"]!
            let bucket = try S3ServerEnvironment.variables()["AWS_BUCKET_NAME"]!
            #expect(try await BrowserGET.get("\(endpoint)/\(bucket)/\(key)").status == 403, "never publicly readable")
            let presigned = try #require(up.string("data.uploadAsset.asset.url"))
            #expect(presigned.contains("X-Amz-Signature="), "\(presigned)")
            let fetched = try await BrowserGET.get(presigned)
            #expect(fetched.status == 200 && fetched.body == png)
            _ = try await api.graphql("mutation($id: String!) { deleteAsset(id: $id) { success } }", ["id": .string(id)], token: ann.token)
        }
    }
}
