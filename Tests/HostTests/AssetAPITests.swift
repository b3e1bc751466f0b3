import Foundation
import Protocols
import Testing

@testable import Host

@Suite("Assets (records)")
struct AssetAPITests {
    static let create = #"mutation($n: String!, $p: Boolean) { createAsset(input: {type: "sound", name: $n, url: "https://cdn.example.com/a.mp3", fileSize: 3145728, mimeType: "audio/mpeg", metadata: "{\"duration\": 12.5}", isPublic: $p}) { success message asset { mongoId fileSizeMb fileExtension duration durationSeconds metadata uploadedBy { email } } } }"#

    @Test("an asset pointing at an external URL is created, listed, updated and deleted")
    func lifecycle() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            let r = try await api.graphql(Self.create, ["n": .string("theme")], token: ann.token)
            let id = try #require(r.string("data.createAsset.asset.mongoId"), "\(r)")
            #expect(r["data.createAsset.asset.fileSizeMb"]?.doubleValue == 3)
            #expect(r.string("data.createAsset.asset.fileExtension") == "mp3")
            #expect(r["data.createAsset.asset.durationSeconds"]?.doubleValue == 12.5)
            #expect(r.string("data.createAsset.asset.duration") == "12.5")
            #expect(r.string("data.createAsset.asset.uploadedBy.email") == "ann@example.com")
            for q in [#"{ allAssets(typeFilter: "sound") { name } }"#, #"{ assetsByType(type: "sound") { name } }"#, "{ myAssets { name } }",
                      #"{ publicAssets(typeFilter: "sound") { name } }"#, #"{ assets(type: "sound") { name } }"#] {
                let field = String(q.dropFirst(2).prefix { $0.isLetter })
                let listed = try await api.graphql(q, token: ann.token)
                #expect(listed.errors.isEmpty, "\(q): \(listed)")
                #expect(listed.count("data.\(field)") == 1, "\(q): \(listed)")
                #expect(listed.string("data.\(field).0.name") == "theme", "\(q): \(listed)")
            }
            let one = try await api.graphql("query($id: ID!, $plan: String!) { assetById(assetId: $id) { name } asset(id: $plan) { name } }", ["id": .string(id), "plan": .string(id)], token: ann.token)
            #expect(one.string("data.assetById.name") == "theme")
            #expect(one.string("data.asset.name") == "theme")
            let updated = try await api.graphql(#"mutation($id: ID!) { updateAsset(assetId: $id, input: {name: "theme 2"}) { success asset { name } } }"#, ["id": .string(id)], token: ann.token)
            #expect(updated.string("data.updateAsset.asset.name") == "theme 2")
            let deleted = try await api.graphql("mutation($id: String!) { deleteAsset(id: $id) { success } }", ["id": .string(id)], token: ann.token)
            #expect(deleted.bool("data.deleteAsset.success") == true)
        }
    }

    @Test("an asset is changed or deleted by its uploader only; private assets are listed only to them and admins")
    func ownership() async throws {
        try await TestServer.with { api in
            let ann = try await api.player("ann@example.com")
            let bob = try await api.player("bob@example.com")
            let admin = try await api.admin()
            let id = try #require(try await api.graphql(Self.create, ["n": .string("secret"), "p": .bool(false)], token: ann.token).string("data.createAsset.asset.mongoId"))
            let change = #"mutation($id: ID!) { updateAsset(assetId: $id, input: {name: "x"}) { success } }"#
            let hidden = try await api.graphql(change, ["id": .string(id)], token: bob.token)
            #expect(hidden.bool("data.updateAsset.success") == false && hidden.errors.isEmpty, "\(hidden)")
            #expect(try await api.graphql(#"{ allAssets { name } }"#, token: bob.token).count("data.allAssets") == 0)
            #expect(try await api.graphql(#"{ allAssets { name } }"#, token: admin.token).count("data.allAssets") == 1)
            #expect(try await api.graphql(#"{ publicAssets { name } }"#).count("data.publicAssets") == 0)
            #expect(try await api.graphql("query($u: ID!) { assetsByUploader(uploaderId: $u) { name } }", ["u": .string(ann.id)], token: bob.token).count("data.assetsByUploader") == 0)
            // An admin reads every asset but changes only their own (the access matrix).
            #expect(try await api.graphql(change, ["id": .string(id)], token: admin.token).errors == [permissionDenied])
            let publicId = try #require(try await api.graphql(Self.create, ["n": .string("open"), "p": .bool(true)], token: ann.token).string("data.createAsset.asset.mongoId"))
            #expect(try await api.graphql(change, ["id": .string(publicId)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql("mutation($id: ID!) { deleteAsset(assetId: $id) { success } }", ["id": .string(publicId)], token: bob.token).errors == [permissionDenied])
            #expect(try await api.graphql(Self.create, ["n": .string("x")]).errors == [authenticationRequired])
        }
    }

    @Test("asset input is validated: type, url scheme, size")
    func validation() async throws {
        try await TestServer.with { api in
            let ann = try await api.player()
            let badType = try await api.graphql(#"mutation { createAsset(input: {type: "pdf", name: "x"}) { success message } }"#, token: ann.token)
            #expect(badType.string("data.createAsset.message") == "type must be 'image', 'sound' or 'video' (got 'pdf')")
            let badURL = try await api.graphql(#"mutation { createAsset(input: {type: "image", name: "x", url: "javascript:alert(1)"}) { success message } }"#, token: ann.token)
            #expect(badURL.string("data.createAsset.message") == "url must be an http(s) URL or an absolute path")
            let badFilter = try await api.graphql(#"{ allAssets(typeFilter: "pdf") { name } }"#, token: ann.token)
            #expect(badFilter.errors == ["typeFilter must be 'image', 'sound' or 'video' (got 'pdf')"])
        }
    }
}
