import Foundation
import Protocols
import Testing

@testable import Host

enum MatrixWho: String, CaseIterable, Sendable { case anonymous, player, author, otherAdmin }

/// What a cell answers.
enum MatrixAnswer: Sendable, CustomStringConvertible {
    /// The value at `path` is present (not null).
    case read(String)
    /// The value at `path` is null, with no error (what may not be seen does not exist).
    case hidden(String)
    /// A mutation's payload says `success: true`.
    case done(String)
    /// A mutation's payload says `success: false` with this message.
    case refusedInPayload(String, String)
    /// The GraphQL error says this.
    case error(String)

    var description: String {
        switch self {
        case .read(let p): "read \(p)"
        case .hidden(let p): "hidden \(p)"
        case .done(let p): "done \(p)"
        case .refusedInPayload(let p, let m): "\(p): \(m)"
        case .error(let m): "error \(m)"
        }
    }
}

struct MatrixCell: Sendable, CustomStringConvertible {
    let resource: String
    let who: MatrixWho
    let operation: String
    let answer: MatrixAnswer
    var description: String { "\(resource) / \(who): \(answer)" }
}

/// Every cell of the README's access matrix, through HTTP: who (a column) does what to which
/// resource (a row), and what the API answers.
@Suite("Access matrix through HTTP")
struct AccessMatrixTests {
    /// The world every cell runs in: a published story and a draft by the author, a progress of the
    /// player on the published one, a public and a private asset of the author.
    struct World {
        let api: TestAPI
        let tokens: [MatrixWho: String]
        let ids: [String: String]

        static func make(_ api: TestAPI) async throws -> World {
            let author = try await api.admin("author@example.com")
            let other = try await api.admin("other@example.com")
            let player = try await api.player("player@example.com")
            let published = try await api.story(token: author.token)
            let draft = try await api.story(token: author.token, published: false)
            let progress = try await api.graphql(
                "mutation($s: ID!) { createProgress(input: {scenarioId: $s}) { progress { mongoId } } }",
                ["s": .string(published.scenario)], token: player.token)
            var ids = [
                "published": published.scenario, "publishedScene": published.start, "draft": draft.scenario,
                "draftScene": draft.start, "draftChoice": draft.toMiddle, "player": player.id, "author": author.id,
                "progress": try #require(progress.string("data.createProgress.progress.mongoId"), "\(progress)"),
            ]
            for (name, isPublic) in [("publicAsset", true), ("privateAsset", false)] {
                let asset = try await api.graphql(
                    #"mutation($p: Boolean) { createAsset(input: {type: "image", name: "Cave", url: "https://cdn.example/c.png", isPublic: $p}) { asset { mongoId } } }"#,
                    ["p": .bool(isPublic)], token: author.token)
                ids[name] = try #require(asset.string("data.createAsset.asset.mongoId"), "\(asset)")
            }
            return World(api: api, tokens: [.player: player.token, .author: author.token, .otherAdmin: other.token], ids: ids)
        }

        func relay(_ type: String, _ name: String) -> String { NodeID.encode(type, ObjectId(ids[name]!)!).value }

        func run(_ cell: MatrixCell) async throws -> GraphQLResponse {
            var text = cell.operation
            text = text.replacingOccurrences(of: "$node:draftScene", with: relay("SceneType", "draftScene"))
            // Longer names first: `$publishedScene` is not `$published` followed by "Scene".
            for (name, id) in ids.sorted(by: { $0.key.count > $1.key.count }) {
                text = text.replacingOccurrences(of: "$\(name)", with: id)
            }
            return try await api.graphql(text, token: tokens[cell.who])
        }
    }

    static func cells(_ resource: String, _ operation: String, _ answers: [MatrixWho: MatrixAnswer]) -> [MatrixCell] {
        MatrixWho.allCases.map { MatrixCell(resource: resource, who: $0, operation: operation, answer: answers[$0]!) }
    }

    static let auth = MatrixAnswer.error(authenticationRequired)
    static let denied = MatrixAnswer.error(permissionDenied)

    /// The rows of the matrix that change nothing, so they run in one world.
    static let readingCells: [MatrixCell] =
        cells("published scenario: read", #"{ scenarioById(scenarioId: "$published") { title scenesList { title } } }"#, [
            .anonymous: .read("data.scenarioById.title"), .player: .read("data.scenarioById.title"),
            .author: .read("data.scenarioById.title"), .otherAdmin: .read("data.scenarioById.title"),
        ])
        + cells("published scene and its choices: read", #"{ sceneById(sceneId: "$publishedScene") { choices { text } } }"#, [
            .anonymous: .read("data.sceneById.choices"), .player: .read("data.sceneById.choices"),
            .author: .read("data.sceneById.choices"), .otherAdmin: .read("data.sceneById.choices"),
        ])
        + cells("unpublished scenario: read", #"{ scenarioById(scenarioId: "$draft") { title } }"#, [
            .anonymous: .hidden("data.scenarioById"), .player: .hidden("data.scenarioById"),
            .author: .read("data.scenarioById.title"), .otherAdmin: .hidden("data.scenarioById"),
        ])
        + cells("unpublished scene: read", #"{ sceneById(sceneId: "$draftScene") { title } }"#, [
            .anonymous: .hidden("data.sceneById"), .player: .hidden("data.sceneById"),
            .author: .read("data.sceneById.title"), .otherAdmin: .hidden("data.sceneById"),
        ])
        + cells("unpublished scene: read through node", #"{ node(id: "$node:draftScene") { id } }"#, [
            .anonymous: .hidden("data.node"), .player: .hidden("data.node"),
            .author: .read("data.node.id"), .otherAdmin: .hidden("data.node"),
        ])
        + cells("unpublished choice: read", #"{ choiceById(choiceId: "$draftChoice") { text } }"#, [
            .anonymous: .hidden("data.choiceById"), .player: .hidden("data.choiceById"),
            .author: .read("data.choiceById.text"), .otherAdmin: .hidden("data.choiceById"),
        ])
        + cells("user record: read another's", #"{ userById(userId: "$author") { mongoId } }"#, [
            .anonymous: auth, .player: denied, .author: .read("data.userById.mongoId"), .otherAdmin: .read("data.userById.mongoId"),
        ])
        + cells("user record: read the player's", #"{ userById(userId: "$player") { mongoId } }"#, [
            .anonymous: auth, .player: .read("data.userById.mongoId"), .author: .read("data.userById.mongoId"),
            .otherAdmin: .read("data.userById.mongoId"),
        ])
        + cells("user record: list all", "{ allUsers { mongoId } }", [
            .anonymous: auth, .player: denied, .author: .read("data.allUsers.0"), .otherAdmin: .read("data.allUsers.0"),
        ])
        + cells("progress: read the player's", #"{ progressById(progressId: "$progress") { mongoId } }"#, [
            .anonymous: auth, .player: .read("data.progressById.mongoId"), .author: .read("data.progressById.mongoId"),
            .otherAdmin: .read("data.progressById.mongoId"),
        ])
        + cells("progress: list all", "{ allProgress { mongoId } }", [
            .anonymous: auth, .player: denied, .author: .read("data.allProgress.0"), .otherAdmin: .read("data.allProgress.0"),
        ])
        + cells("asset: read a public one", #"{ assetById(assetId: "$publicAsset") { name } }"#, [
            .anonymous: .read("data.assetById.name"), .player: .read("data.assetById.name"),
            .author: .read("data.assetById.name"), .otherAdmin: .read("data.assetById.name"),
        ])
        + cells("asset: read a private one", #"{ assetById(assetId: "$privateAsset") { name } }"#, [
            .anonymous: .hidden("data.assetById"), .player: .hidden("data.assetById"),
            .author: .read("data.assetById.name"), .otherAdmin: .read("data.assetById.name"),
        ])

    /// The rows that change something; each cell runs in a world of its own.
    static let changingCells: [MatrixCell] =
        cells("published scenario: play", #"mutation { createProgress(input: {scenarioId: "$published"}) { success message } }"#, [
            .anonymous: auth, .player: .done("data.createProgress"), .author: .done("data.createProgress"),
            .otherAdmin: .done("data.createProgress"),
        ])
        + cells("published scenario: change", #"mutation { updateScenario(scenarioId: "$published", input: {title: "New"}) { success message } }"#, [
            .anonymous: auth, .player: denied, .author: .done("data.updateScenario"), .otherAdmin: denied,
        ])
        + cells("published scene: change", #"mutation { updateScene(sceneId: "$publishedScene", input: {title: "New"}) { success message } }"#, [
            .anonymous: auth, .player: denied, .author: .done("data.updateScene"), .otherAdmin: denied,
        ])
        + cells("unpublished scenario: change", #"mutation { updateScenario(scenarioId: "$draft", input: {title: "New"}) { success message } }"#, [
            .anonymous: auth, .player: .refusedInPayload("data.updateScenario", "Scenario not found"),
            .author: .done("data.updateScenario"), .otherAdmin: .refusedInPayload("data.updateScenario", "Scenario not found"),
        ])
        + cells("unpublished scenario: play", #"mutation { createProgress(input: {scenarioId: "$draft"}) { success message } }"#, [
            .anonymous: auth, .player: .refusedInPayload("data.createProgress", "Scenario not found"),
            .author: .done("data.createProgress"), .otherAdmin: .refusedInPayload("data.createProgress", "Scenario not found"),
        ])
        + cells("user record: change the player's name", #"mutation { updateUser(userId: "$player", input: {firstName: "Ann"}) { success message } }"#, [
            .anonymous: auth, .player: .done("data.updateUser"), .author: denied, .otherAdmin: denied,
        ])
        + cells("user record: change the player's role", #"mutation { updateUser(userId: "$player", input: {role: "admin"}) { success message } }"#, [
            .anonymous: auth, .player: denied, .author: .done("data.updateUser"), .otherAdmin: .done("data.updateUser"),
        ])
        + cells("user record: delete the player", #"mutation { deleteUser(userId: "$player") { success message } }"#, [
            .anonymous: auth, .player: .done("data.deleteUser"), .author: .done("data.deleteUser"), .otherAdmin: .done("data.deleteUser"),
        ])
        + cells("user record: delete another", #"mutation { deleteUser(userId: "$author") { success message } }"#, [
            .anonymous: auth, .player: denied, .author: .done("data.deleteUser"), .otherAdmin: .done("data.deleteUser"),
        ])
        + cells("progress: change the player's", #"mutation { goBackInHistory(progressId: "$progress", stepsBack: 1) { success message } }"#, [
            .anonymous: auth, .player: .refusedInPayload("data.goBackInHistory", "Cannot go back 1 steps: the history has 1 entries"),
            .author: denied, .otherAdmin: denied,
        ])
        + cells("asset: change a private one", #"mutation { updateAsset(assetId: "$privateAsset", input: {name: "New"}) { success message } }"#, [
            .anonymous: auth, .player: .refusedInPayload("data.updateAsset", "Asset not found"),
            .author: .done("data.updateAsset"), .otherAdmin: denied,
        ])
        + cells("asset: delete a public one", #"mutation { deleteAsset(assetId: "$publicAsset") { success message } }"#, [
            .anonymous: auth, .player: denied, .author: .done("data.deleteAsset"), .otherAdmin: denied,
        ])

    static func check(_ cell: MatrixCell, _ answer: GraphQLResponse) {
        switch cell.answer {
        case .read(let path):
            #expect(answer[path] != nil && answer[path] != .null, "\(cell): \(answer)")
            #expect(answer.errors.isEmpty, "\(cell): \(answer)")
        case .hidden(let path):
            #expect(answer[path] == .null, "\(cell): \(answer)")
            #expect(answer.errors.isEmpty, "\(cell): \(answer)")
        case .done(let path):
            #expect(answer.bool("\(path).success") == true, "\(cell): \(answer)")
        case .refusedInPayload(let path, let message):
            #expect(answer.bool("\(path).success") == false, "\(cell): \(answer)")
            #expect(answer.string("\(path).message") == message, "\(cell): \(answer)")
        case .error(let message):
            #expect(answer.errors == [message], "\(cell): \(answer)")
        }
    }

    @Test("reading: every cell", arguments: MatrixWho.allCases)
    func reading(_ who: MatrixWho) async throws {
        try await TestServer.with { api in
            let world = try await World.make(api)
            for cell in Self.readingCells where cell.who == who { Self.check(cell, try await world.run(cell)) }
        }
    }

    @Test("changing: every cell, each in a fresh world", arguments: Self.changingCells)
    func changing(_ cell: MatrixCell) async throws {
        try await TestServer.with { api in
            let world = try await World.make(api)
            Self.check(cell, try await world.run(cell))
        }
    }
}
