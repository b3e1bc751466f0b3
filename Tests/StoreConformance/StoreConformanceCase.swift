import Protocols

/// Makes a fresh, empty store for one conformance case.
public typealias StoreFactory = @Sendable () async throws -> any StoryStore

/// Why a conformance case failed: what was expected, and where the check is.
public struct ConformanceFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var file: StaticString
    public var line: UInt

    public init(_ message: String, file: StaticString = #filePath, line: UInt = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(message) (\(file):\(line))" }
}

/// One behaviour of the ``StoryStore`` port, checked against an adapter by its own tests:
///
/// ```swift
/// @Test(arguments: StoreConformance.allCases)
/// func conformance(_ c: StoreConformanceCase) async throws {
///     try await c.run { try await makeFreshStore() }
/// }
/// ```
public struct StoreConformanceCase: Sendable, CustomStringConvertible {
    /// The behaviour, as a sentence.
    public let name: String
    private let body: @Sendable (any StoryStore) async throws -> Void

    init(_ name: String, body: @escaping @Sendable (any StoryStore) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the case on a fresh store from `makeStore`, then closes it.
    /// - Throws: ``ConformanceFailure`` when the store does not behave as the port says, or what the
    ///   store threw where it was expected to succeed.
    public func run(_ makeStore: StoreFactory) async throws {
        let store = try await makeStore()
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }

    public var description: String { name }
}
