import Protocols

/// A conformance case found the storage misbehaving: what was expected, and where it was checked.
public struct FileStorageConformanceFailure: Error, CustomStringConvertible, Sendable {
    public let message: String
    public let file: String
    public let line: Int

    public init(_ message: String, file: String = #fileID, line: Int = #line) {
        self.message = message
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Fails the case with `message` unless `condition` holds.
func check(_ condition: Bool, _ message: @autoclosure () -> String, file: String = #fileID, line: Int = #line) throws {
    if !condition { throw FileStorageConformanceFailure(message(), file: file, line: line) }
}

/// Fails unless `body` throws an error equal to `expected`.
func checkThrows(
    _ expected: FileStorageError, _ what: String, file: String = #fileID, line: Int = #line,
    _ body: () async throws -> Void
) async throws {
    do {
        try await body()
    } catch let error as FileStorageError {
        try check(error == expected, "\(what): expected \(expected), got \(error)", file: file, line: line)
        return
    } catch {
        throw FileStorageConformanceFailure("\(what): expected \(expected), got \(error)", file: file, line: line)
    }
    throw FileStorageConformanceFailure("\(what): expected \(expected), but nothing was thrown", file: file, line: line)
}

/// Fails unless `body` throws a `FileStorageError` matching `matches`.
func checkThrows(
    _ what: String, file: String = #fileID, line: Int = #line,
    matching matches: (FileStorageError) -> Bool, _ body: () async throws -> Void
) async throws {
    do {
        try await body()
    } catch let error as FileStorageError {
        try check(matches(error), "\(what): unexpected error \(error)", file: file, line: line)
        return
    } catch {
        throw FileStorageConformanceFailure("\(what): expected a FileStorageError, got \(error)", file: file, line: line)
    }
    throw FileStorageConformanceFailure("\(what): expected an error, but nothing was thrown", file: file, line: line)
}
