import Protocols

/// Checks used by the cases; each throws ``ConformanceFailure`` pointing at the failed line.

func expect(
    _ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #filePath, line: UInt = #line
) throws {
    if !condition { throw ConformanceFailure(message(), file: file, line: line) }
}

func expectEqual<T: Equatable>(
    _ actual: T, _ expected: T, _ what: String, file: StaticString = #filePath, line: UInt = #line
) throws {
    if actual != expected {
        throw ConformanceFailure("\(what): expected \(expected), got \(actual)", file: file, line: line)
    }
}

/// Equal once dates are rounded to the millisecond, the precision every store keeps.
func expectSame<T: MillisecondComparable>(
    _ actual: T, _ expected: T, _ what: String, file: StaticString = #filePath, line: UInt = #line
) throws {
    if actual.toMillisecond != expected.toMillisecond {
        throw ConformanceFailure("\(what): expected \(expected), got \(actual)", file: file, line: line)
    }
}

func unwrap<T>(_ value: T?, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> T {
    guard let value else { throw ConformanceFailure("\(what): expected a value, got nil", file: file, line: line) }
    return value
}

/// Expects `body` to throw a ``StoreError`` that `matches` accepts.
func expectStoreError<T>(
    _ expected: String, file: StaticString = #filePath, line: UInt = #line,
    matching matches: (StoreError) -> Bool, _ body: () async throws -> T
) async throws {
    do {
        let value = try await body()
        throw ConformanceFailure("expected \(expected), but the call succeeded with \(value)", file: file, line: line)
    } catch let error as StoreError {
        if !matches(error) {
            throw ConformanceFailure("expected \(expected), got StoreError.\(error)", file: file, line: line)
        }
    } catch let error as ConformanceFailure {
        throw error
    } catch {
        throw ConformanceFailure("expected \(expected), got a non-StoreError \(error)", file: file, line: line)
    }
}

func expectNotFound<T>(
    file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T
) async throws {
    try await expectStoreError("StoreError.notFound", file: file, line: line, matching: {
        if case .notFound = $0 { return true }
        return false
    }, body)
}

func expectDuplicate<T>(
    field: String, file: StaticString = #filePath, line: UInt = #line, _ body: () async throws -> T
) async throws {
    try await expectStoreError("StoreError.duplicate(field: \"\(field)\", …)", file: file, line: line, matching: {
        if case .duplicate(let f, _) = $0 { return f == field }
        return false
    }, body)
}
