import Foundation
import Protocols
import Synchronization

@testable import Host

/// A client of the old server: it sends named operations whose variables are declared with the old
/// server's type names, and records which root fields of the contract it used.
final class OldClient: Sendable {
    let api: TestAPI
    private let used = Mutex<Set<String>>([])

    init(_ api: TestAPI) {
        self.api = api
    }

    /// Runs `document` and checks that it answered `data.<field>` without any GraphQL error.
    @discardableResult
    func call(_ field: String, _ document: String, _ variables: [String: JSONValue] = [:], token: String? = nil) async throws -> GraphQLResponse {
        used.withLock { _ = $0.insert(field) }
        let response = try await api.graphql(document, variables, token: token)
        guard response.errors.isEmpty, response["data.\(field)"] != nil else {
            throw TestFailure("\(field): \(response)")
        }
        return response
    }

    /// Records a field exercised by another request (the multipart upload).
    func record(_ field: String) {
        used.withLock { _ = $0.insert(field) }
    }

    var fieldsUsed: Set<String> { used.withLock { $0 } }
}

/// The old server's contract, `../shared/contract/` beside the repository.
enum Contract {
    static var directory: URL {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { root.deleteLastPathComponent() }
        return root.deletingLastPathComponent().appendingPathComponent("shared/contract")
    }

    /// The root fields of `Query` and `Mutation` (extensions included) the two contract files declare.
    static func rootFields() throws -> (queries: Set<String>, mutations: Set<String>) {
        var queries: Set<String> = [], mutations: Set<String> = []
        for file in ["old-server.graphql", "todo-frontend.graphql"] {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            var current: String?
            for raw in text.split(separator: "\n") {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasSuffix("{") {
                    let words = line.split(separator: " ")
                    current = words.count >= 3 && words[words.count - 3] == "type" ? String(words[words.count - 2]) : nil
                } else if line == "}" {
                    current = nil
                } else if let current, let name = line.split(whereSeparator: { $0 == "(" || $0 == ":" }).first {
                    if current == "Query" { queries.insert(String(name)) }
                    if current == "Mutation" { mutations.insert(String(name)) }
                }
            }
        }
        return (queries, mutations)
    }
}
