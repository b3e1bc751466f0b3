import Protocols

/// Makes a fresh (or shared) storage for one conformance case.
public typealias MakeFileStorage = @Sendable () async throws -> any FileStorage

/// Fetches the bytes behind a URL a storage handed out (an HTTP GET, or a read of the local file
/// a relative URL names).
public typealias FetchURL = @Sendable (String) async throws -> [UInt8]

/// One behaviour every `FileStorage` adapter must have, runnable against any adapter.
///
/// An adapter's test file runs them all:
/// ```swift
/// @Test(arguments: FileStorageConformance.allCases)
/// func conformance(_ c: FileStorageConformanceCase) async throws {
///     try await c.run(fetch: fetch) { try await makeStorage() }
/// }
/// ```
public struct FileStorageConformanceCase: Sendable, CustomStringConvertible {
    /// What the case checks, in words.
    public let name: String
    let body: @Sendable (ConformanceContext) async throws -> Void

    init(_ name: String, _ body: @escaping @Sendable (ConformanceContext) async throws -> Void) {
        self.name = name
        self.body = body
    }

    public var description: String { name }

    /// Runs the case. - Parameters:
    ///   - fetch: how to GET a URL the storage returns; without it, URLs are only checked to be non-empty.
    ///   - enforcesPrivateFiles: whether the backend itself refuses the public URL of a private file
    ///     (S3 with ACLs, Cloudinary). `false` for storages whose URLs serve anyone who has them
    ///     (LocalStorage, whose files the host serves): the cases then skip that check.
    ///   - makeStorage: the storage under test.
    /// - Throws: ``FileStorageConformanceFailure`` when the storage misbehaves, or what the storage threw.
    public func run(fetch: FetchURL? = nil, enforcesPrivateFiles: Bool = true, _ makeStorage: MakeFileStorage) async throws {
        let storage = try await makeStorage()
        try await body(ConformanceContext(storage: storage, fetch: fetch, enforcesPrivateFiles: enforcesPrivateFiles))
    }
}

/// What a case gets to work with.
struct ConformanceContext: Sendable {
    let storage: any FileStorage
    let fetch: FetchURL?
    let enforcesPrivateFiles: Bool
}
