import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Protocols
import Testing

@testable import Host

/// Hostile clients against the login: parallel guesses, forged `X-Forwarded-For`, locking a victim out,
/// and several server instances. Every attack goes through HTTP.
@Suite("Login throttling against hostile clients")
struct LoginThrottleTests {
    static let loginMutation = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { success message } }"

    /// What a login answered: `loggedIn` or `wrongPassword` when the password was checked, `refused`
    /// when the throttle answered without checking it.
    enum Outcome: Equatable { case loggedIn, wrongPassword, refused, other(String) }

    static func outcome(_ r: GraphQLResponse) -> Outcome {
        if r.bool("data.login.success") == true { return .loggedIn }
        if r.string("data.login.message") == "Please enter valid credentials" { return .wrongPassword }
        if r.errors.first?.hasPrefix("Too many attempts, retry in ") == true { return .refused }
        return .other(r.description)
    }

    static func login(_ api: TestAPI, _ email: String, _ password: String, from address: String? = nil) async throws -> Outcome {
        var headers: HTTPFields = [:]
        if let address { headers[HTTPField.Name("X-Forwarded-For")!] = address }
        let body = JSONValue.object([
            "query": .string(Self.loginMutation), "variables": .object(["e": .string(email), "p": .string(password)]),
        ]).jsonString
        return outcome(try await api.post(body: body, headers: headers))
    }

    /// Logs in and expects `expected`.
    static func expectLogin(
        _ expected: Outcome, _ api: TestAPI, _ email: String, _ password: String, from address: String? = nil,
        comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let outcome = try await login(api, email, password, from: address)
        #expect(outcome == expected, comment, sourceLocation: sourceLocation)
    }

    static func parallelLogins(_ api: TestAPI, _ passwords: [String]) async throws -> [Outcome] {
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            for password in passwords { group.addTask { try await login(api, "victim@example.com", password) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }

    @Test("of 40 parallel wrong guesses for one email, exactly LOGIN_MAX_ATTEMPTS are checked; then the right password is refused too")
    func parallelWrongGuesses() async throws {
        try await TestServer.with(["LOGIN_MAX_ATTEMPTS": "5"]) { api in
            try await api.player("victim@example.com", password: "right-password")
            let outcomes = try await Self.parallelLogins(api, (0..<40).map { "wrong-\($0)" })
            #expect(outcomes.filter { $0 == .wrongPassword }.count == 5, "\(outcomes)")
            #expect(outcomes.filter { $0 == .refused }.count == 35, "\(outcomes)")
            try await Self.expectLogin(.refused, api, "victim@example.com", "right-password")
        }
    }

    @Test("of 41 parallel logins for one email (40 wrong, 1 right), at most LOGIN_MAX_ATTEMPTS wrong passwords are checked")
    func parallelGuessesWithTheRightOne() async throws {
        try await TestServer.with(["LOGIN_MAX_ATTEMPTS": "5"]) { api in
            try await api.player("victim@example.com", password: "right-password")
            var passwords = (0..<40).map { "wrong-\($0)" }
            passwords.insert("right-password", at: 20)
            let outcomes = try await Self.parallelLogins(api, passwords)
            let wrong = outcomes.filter { $0 == .wrongPassword }.count
            let loggedIn = outcomes.filter { $0 == .loggedIn }.count
            // The right password takes an attempt while it is checked and gives it back when it succeeds,
            // so at most one more wrong guess may be checked after it: never more than the budget.
            #expect(wrong <= 5, "\(outcomes)")
            #expect(wrong + loggedIn <= 6, "\(outcomes)")
            #expect(outcomes.filter { $0 == .refused }.count == 41 - wrong - loggedIn, "\(outcomes)")
            if wrong == 5 {
                try await Self.expectLogin(.refused, api, "victim@example.com", "right-password")
            }
        }
    }

    @Test("behind a trusted proxy, a victim at their own address logs in after an attacker elsewhere spent the pair's budget")
    func victimIsNotLockedOut() async throws {
        let env = ["TRUSTED_PROXIES": "127.0.0.1", "LOGIN_MAX_ATTEMPTS": "3", "LOGIN_MAX_ATTEMPTS_PER_EMAIL": "7"]
        try await TestServer.with(env, mode: .live) { api in
            try await api.player("victim@example.com", password: "right-password")
            let attacker = "203.0.113.66"
            for _ in 0..<3 { try await Self.expectLogin(.wrongPassword, api, "victim@example.com", "guess", from: attacker) }
            try await Self.expectLogin(.refused, api, "victim@example.com", "guess", from: attacker)
            let victim = "198.51.100.7"
            try await Self.expectLogin(.wrongPassword, api, "victim@example.com", "typo", from: victim)
            try await Self.expectLogin(.loggedIn, api, "victim@example.com", "right-password", from: victim)
            // The looser per-email budget (7) still bounds guesses spread over many addresses.
            for address in ["203.0.113.67", "203.0.113.68"] {
                for _ in 0..<3 {
                    if try await Self.login(api, "victim@example.com", "guess", from: address) != .wrongPassword { break }
                }
            }
            try await Self.expectLogin(.refused, api, "victim@example.com", "right-password", from: victim)
        }
    }

    @Test("one address is limited across emails by LOGIN_MAX_ATTEMPTS_PER_ADDRESS; other addresses are not")
    func perAddressAcrossEmails() async throws {
        let env = ["TRUSTED_PROXIES": "127.0.0.1", "LOGIN_MAX_ATTEMPTS_PER_ADDRESS": "4"]
        try await TestServer.with(env, mode: .live) { api in
            for i in 0..<4 {
                try await Self.expectLogin(.wrongPassword, api, "user\(i)@example.com", "guess", from: "203.0.113.7")
            }
            try await Self.expectLogin(.refused, api, "user9@example.com", "guess", from: "203.0.113.7")
            try await Self.expectLogin(.wrongPassword, api, "user9@example.com", "guess", from: "198.51.100.9")
        }
    }

    @Test("X-Forwarded-For is read from the right: addresses a blocked client writes to the left of its own give no fresh budget")
    func forwardedForFromTheRight() async throws {
        let env = ["TRUSTED_PROXIES": "127.0.0.1, 10.0.0.5", "LOGIN_MAX_ATTEMPTS_PER_ADDRESS": "2"]
        try await TestServer.with(env, mode: .live) { api in
            // The client 10.2.0.1 reaches our proxy directly, then through a second trusted proxy.
            try await Self.expectLogin(.wrongPassword, api, "a@example.com", "guess", from: "10.2.0.1")
            try await Self.expectLogin(.wrongPassword, api, "b@example.com", "guess", from: "10.2.0.1, 10.0.0.5")
            try await Self.expectLogin(.refused, api, "c@example.com", "guess", from: "10.2.0.1")
            try await Self.expectLogin(.refused, api, "c@example.com", "guess", from: "1.1.1.1, 10.2.0.1")
            try await Self.expectLogin(.refused, api, "c@example.com", "guess", from: "1.1.1.1, 10.2.0.1, 10.0.0.5")
            try await Self.expectLogin(.wrongPassword, api, "c@example.com", "guess", from: "1.1.1.1", comment: "another client")
        }
    }

    @Test("the client is the rightmost X-Forwarded-For address that is not a trusted proxy")
    func rightmostUntrusted() {
        let trusted = ["10.0.0.5", "10.0.0.6"]
        #expect(ForwardedFor.client(in: "1.1.1.1, 10.2.0.1", trusted: trusted) == "10.2.0.1")
        #expect(ForwardedFor.client(in: "1.1.1.1,10.2.0.1, 10.0.0.6 ,10.0.0.5", trusted: trusted) == "10.2.0.1")
        #expect(ForwardedFor.client(in: "10.0.0.6, 10.0.0.5", trusted: trusted) == "10.0.0.6", "all trusted: the leftmost")
        #expect(ForwardedFor.client(in: " , ", trusted: trusted) == nil)
    }

    @Test("two app instances on one store spend one budget")
    func instancesShareOneBudget() async throws {
        let first = try await TestServer.make(["LOGIN_MAX_ATTEMPTS": "5"])
        defer { try? FileManager.default.removeItem(at: first.directory) }
        let path = first.directory.appendingPathComponent("story.sqlite").path
        let second = try await TestServer.make(["LOGIN_MAX_ATTEMPTS": "5", "SQLITE_PATH": path])
        defer { try? FileManager.default.removeItem(at: second.directory) }
        let one = Application(router: try StoryApplication.makeRouter(services: first.services))
        let other = Application(router: try StoryApplication.makeRouter(services: second.services))
        try await one.test(.router) { oneClient in
            try await other.test(.router) { otherClient in
                let a = TestAPI(client: oneClient, server: first)
                let b = TestAPI(client: otherClient, server: second)
                try await a.player("victim@example.com", password: "right-password")
                for api in [a, b, a, b, a] {
                    try await Self.expectLogin(.wrongPassword, api, "victim@example.com", "guess")
                }
                try await Self.expectLogin(.refused, b, "victim@example.com", "right-password")
                try await Self.expectLogin(.refused, a, "victim@example.com", "right-password")
            }
        }
    }
}
