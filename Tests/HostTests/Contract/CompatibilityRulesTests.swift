import Foundation
import Protocols
import Testing

@testable import Host

/// The old server's argument and nullability rules that the schema keeps, and how our server
/// answers what those looser types let through.
@Suite("Compatibility rules of the old schema")
struct CompatibilityRulesTests {
    @Test("a non-null reference to a missing object errors, naming the missing object and who refers to it")
    func danglingReference() async throws {
        try await TestServer.with { api in
            let author = try await api.admin("author@example.com")
            let other = try await api.admin("other@example.com")
            let scenario = try await api.createScenario(token: author.token, title: "Orphan")
            let deleted = try await api.graphql(
                "mutation($id: ID!) { deleteUser(userId: $id) { success } }", ["id": .string(author.id)], token: other.token)
            #expect(deleted.bool("data.deleteUser.success") == true)
            let r = try await api.graphql("{ allScenarios(publishedOnly: true) { title authorId { email } } }")
            #expect(r.errors == ["User \(author.id) (authorId of scenario \(scenario)) not found"], "\(r)")
            // The list is nullable, as the old server's was: the error nulls it, not the whole response.
            // (The old server nulled the one item; GraphQLSwift 4.3 cannot encode a null list item.)
            #expect(r["data.allScenarios"] == .null)
            #expect(r["data"] != .null)
            let single = try await api.graphql(
                "query($id: ID!) { scenarioById(scenarioId: $id) { title authorId { email } } me { email } }", ["id": .string(scenario)],
                token: other.token)
            #expect(single.errors == ["User \(author.id) (authorId of scenario \(scenario)) not found"])
            #expect(single["data.scenarioById"] == .null)
            #expect(single.string("data.me.email") == "other@example.com")
        }
    }

    @Test("deleteChoices(choiceIds: [ID]!) refuses a null item, naming its index")
    func nullChoiceId() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let story = try await api.story(token: admin.token)
            let r = try await api.graphql(
                "mutation Delete($ids: [ID]!) { deleteChoices(choiceIds: $ids) { success message } }",
                ["ids": [.string(story.toMiddle), nil]], token: admin.token)
            #expect(r.bool("data.deleteChoices.success") == false, "\(r)")
            #expect(r.string("data.deleteChoices.message") == "choiceIds[1] is null: every item must be a choice id", "\(r)")
            let kept = try await api.graphql("query($id: ID!) { choiceById(choiceId: $id) { id } }", ["id": .string(story.toMiddle)], token: admin.token)
            #expect(kept["data.choiceById"] != .null, "nothing is deleted when one item is refused")
        }
    }

    @Test("tokenAuth takes username (the email) as the old server did, or email; exactly one")
    func tokenAuthUsername() async throws {
        try await TestServer.with { api in
            try await api.player("ann@example.com")
            let q = "mutation($u: String, $e: String) { tokenAuth(username: $u, email: $e, password: \"password1\") { token } }"
            #expect(try await api.graphql(q, ["u": "ann@example.com"]).string("data.tokenAuth.token") != nil)
            #expect(try await api.graphql(q, ["e": "ann@example.com"]).string("data.tokenAuth.token") != nil)
            #expect(try await api.graphql(q, [:]).errors == ["username (the email) is required"])
            #expect(try await api.graphql(q, ["u": "ann@example.com", "e": "ann@example.com"]).errors == ["Give username or email, not both"])
        }
    }

    @Test("verifyToken and refreshToken take an optional token, and say when it is missing")
    func optionalToken() async throws {
        try await TestServer.with { api in
            let verify = try await api.graphql("mutation { verifyToken { payload } }")
            let refresh = try await api.graphql("mutation { refreshToken { token } }")
            #expect(verify.errors == ["token is required"])
            #expect(refresh.errors == ["token is required"])
        }
    }

    @Test("deleteAsset takes the old assetId or the plan's id, exactly one")
    func deleteAssetArguments() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let q = "mutation($a: ID, $i: String) { deleteAsset(assetId: $a, id: $i) { success message } }"
            let id = ObjectId().hexString
            let neither = try await api.graphql(q, [:], token: admin.token)
            #expect(neither.string("data.deleteAsset.message") == "assetId or id is required")
            let both = try await api.graphql(q, ["a": .string(id), "i": .string(id)], token: admin.token)
            #expect(both.string("data.deleteAsset.message") == "Give assetId or id, not both")
            let unknown = try await api.graphql(q, ["i": .string(id)], token: admin.token)
            #expect(unknown.string("data.deleteAsset.message") == "Asset not found", "\(unknown)")
        }
    }

    @Test("generateAsset(description: String) is optional in the schema and required at run time")
    func generateWithoutDescription() async throws {
        try await TestServer.with(["GENERATION_WORKERS": "0"]) { api in
            let admin = try await api.admin()
            let r = try await api.graphql(#"mutation { generateAsset(type: "sound", name: "x") { success message } }"#, token: admin.token)
            #expect(r.bool("data.generateAsset.success") == false)
            #expect(r.string("data.generateAsset.message") == "description is required: it is the prompt of the generation")
        }
    }

    @Test("the scenes connection pages backwards and filters as graphene-mongo did")
    func scenesConnection() async throws {
        try await TestServer.with { api in
            let admin = try await api.admin()
            let story = try await api.story(token: admin.token)
            func titles(_ arguments: String, _ variables: [String: JSONValue] = [:]) async throws -> [String] {
                var vars = variables
                vars["id"] = .string(story.scenario)
                let declared = (["$id: ID!"] + variables.keys.sorted().map { "$\($0): \($0 == "image" ? "ID" : "String")" }).joined(separator: ", ")
                let r = try await api.graphql(
                    "query(\(declared)) { scenarioById(scenarioId: $id) { scenes(\(arguments)) { edges { node { title } } pageInfo { hasPreviousPage } } } }",
                    vars, token: admin.token)
                guard r.errors.isEmpty, case .array(let edges)? = r["data.scenarioById.scenes.edges"] else { throw TestFailure("\(r)") }
                return edges.compactMap { $0["node"]?["title"]?.stringValue }
            }
            #expect(try await titles("last: 2") == ["Middle", "End"])
            #expect(try await titles("isStartScene: true") == ["Start"])
            #expect(try await titles("isEndScene: false, order: 1") == ["Middle"])
            #expect(try await titles("title: $t", ["t": "End"]) == ["End"])
            #expect(try await titles("text: $t", ["t": "nothing like it"]) == [])
            #expect(try await titles("id: $image", ["image": .string(story.middle)]) == ["Middle"])
            let all = try await api.graphql(
                "query($id: ID!) { scenarioById(scenarioId: $id) { scenes { edges { cursor } } } }", ["id": .string(story.scenario)], token: admin.token)
            let cursor = try #require(all.string("data.scenarioById.scenes.edges.2.cursor"))
            #expect(try await titles("before: $c, last: 1", ["c": .string(cursor)]) == ["Middle"])
            let bad = try await api.graphql(
                "query($id: ID!) { scenarioById(scenarioId: $id) { scenes(imageId: \"nope\") { edges { cursor } } } }",
                ["id": .string(story.scenario)], token: admin.token)
            #expect(bad.errors.first?.hasPrefix("imageId is not a valid id") == true, "\(bad)")
        }
    }
}
