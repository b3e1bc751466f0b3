import Protocols

/// Which instance of the adapter under test a conformance case asks its factory for.
public enum GeneratorConformanceVariant: Sendable, Hashable, CustomStringConvertible {
    /// A working generator that answers in a reasonable time.
    case working
    /// A working generator whose answer takes long enough (a second or more) to be cancelled mid-way.
    case slow
    /// A generator that cannot run (missing token, missing package…): it must answer
    /// `GenerationError.unavailable` or `.notConfigured` with a message.
    case unavailable

    public var description: String {
        switch self {
        case .working: "working"
        case .slow: "slow"
        case .unavailable: "unavailable"
        }
    }
}

/// Makes the generator under test for a variant. Called once or more per case.
public typealias GeneratorFactory<G> = @Sendable (GeneratorConformanceVariant) async throws -> G

/// Why a conformance case failed: what was expected, and where the check is.
public struct GeneratorConformanceFailure: Error, CustomStringConvertible, Sendable {
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

/// One requirement of a generator port, run against an adapter by its own tests:
///
/// ```swift
/// @Test(arguments: SpeechGeneratorConformance.allCases)
/// func conformance(_ c: GeneratorConformanceCase<any SpeechGenerator>) async throws {
///     try await c.run { variant in try makeGenerator(variant) }
/// }
/// ```
public struct GeneratorConformanceCase<G>: Sendable, CustomStringConvertible {
    /// What the case checks, in words.
    public let name: String
    private let body: @Sendable (GeneratorFactory<G>) async throws -> Void

    public init(_ name: String, body: @escaping @Sendable (GeneratorFactory<G>) async throws -> Void) {
        self.name = name
        self.body = body
    }

    /// Runs the case against generators made by `makeGenerator`.
    /// - Throws: ``GeneratorConformanceFailure`` when the adapter does not conform, or what the adapter threw
    ///   where it was expected to succeed.
    public func run(_ makeGenerator: @escaping GeneratorFactory<G>) async throws {
        try await body(makeGenerator)
    }

    public var description: String { name }
}

/// Fails with `message` unless `condition` holds.
func require(
    _ condition: Bool, _ message: @autoclosure () -> String,
    file: StaticString = #filePath, line: UInt = #line
) throws {
    if !condition { throw GeneratorConformanceFailure(message(), file: file, line: line) }
}
