import Foundation
import Protocols
import Synchronization

/// Records the progress values a generator reports, in order.
final class ProgressRecorder: Sendable {
    private let values = Mutex<[Double]>([])

    var handler: ProgressHandler {
        { value in self.values.withLock { $0.append(value) } }
    }

    var recorded: [Double] { values.withLock { $0 } }

    /// Fails unless every value is within 0…1 and none goes back.
    func check(file: StaticString = #filePath, line: UInt = #line) throws {
        let values = recorded
        for value in values {
            try require((0...1).contains(value), "progress \(value) is outside 0…1 (all: \(values))", file: file, line: line)
        }
        for (previous, next) in zip(values, values.dropFirst()) {
            try require(next >= previous, "progress went back from \(previous) to \(next) (all: \(values))", file: file, line: line)
        }
    }
}

enum ConformanceChecks {
    /// Fails unless `media` holds bytes of an accepted format, with a MIME type and extension that match them.
    static func checkMedia(
        _ media: GeneratedMedia, accepted: Set<SniffedMediaFormat>,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let head = media.bytes.prefix(12).map { String($0, radix: 16) }.joined(separator: " ")
        guard let format = SniffedMediaFormat(sniffing: media.bytes) else {
            throw GeneratorConformanceFailure("\(media.bytes.count) bytes of no known format (starts \(head))", file: file, line: line)
        }
        try require(accepted.contains(format), "got \(format) where \(accepted.map(\.rawValue).sorted()) was expected", file: file, line: line)
        try require(media.bytes.count > 64, "only \(media.bytes.count) bytes", file: file, line: line)
        try require(format.mimeTypes.contains(media.mimeType.lowercased()),
                    "mimeType \(media.mimeType) does not match \(format) bytes", file: file, line: line)
        try require(format.fileExtensions.contains(media.fileExtension.lowercased()),
                    "fileExtension \(media.fileExtension) does not match \(format) bytes", file: file, line: line)
    }

    /// Fails unless `metadata[key]` is a positive number.
    static func requirePositiveNumber(
        _ metadata: [String: JSONValue], _ key: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        guard let value = metadata[key]?.doubleValue else {
            throw GeneratorConformanceFailure("metadata \(key) is missing or not a number: \(metadata)", file: file, line: line)
        }
        try require(value > 0, "metadata \(key) is \(value), not positive", file: file, line: line)
    }

    /// Fails unless `metadata[key]` is a non-empty string.
    static func requireText(
        _ metadata: [String: JSONValue], _ key: String, file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let text = metadata[key]?.stringValue ?? ""
        try require(!text.isEmpty, "metadata \(key) is missing or empty: \(metadata)", file: file, line: line)
    }

    /// Starts `generate` on a slow generator, cancels it shortly after, and fails unless it ends with
    /// `CancellationError` or a `GenerationError` within `deadline` seconds.
    static func checkCancellation(
        deadline: Double = 10,
        file: StaticString = #filePath, line: UInt = #line,
        _ generate: @escaping @Sendable () async throws -> GeneratedMedia
    ) async throws {
        let task = Task { try await generate() }
        try await Task.sleep(for: .milliseconds(100))
        task.cancel()
        let outcome = await firstOf(deadline: deadline) { await task.result }
        switch outcome {
        case nil:
            throw GeneratorConformanceFailure("still running \(deadline) s after cancellation", file: file, line: line)
        case .success?:
            throw GeneratorConformanceFailure("a cancelled generation succeeded anyway", file: file, line: line)
        case .failure(let error)?:
            try require(error is CancellationError || error is GenerationError,
                        "a cancelled generation threw \(type(of: error)): \(error)", file: file, line: line)
        }
    }

    /// Fails unless `generate` throws `.unavailable` or `.notConfigured` with a non-empty message.
    static func checkUnavailable(
        file: StaticString = #filePath, line: UInt = #line,
        _ generate: @escaping @Sendable () async throws -> GeneratedMedia
    ) async throws {
        let outcome = await firstOf(deadline: 60) { await outcomeOf(generate) }
        switch outcome {
        case nil:
            throw GeneratorConformanceFailure("an unavailable generator did not answer within 60 s", file: file, line: line)
        case .success?:
            throw GeneratorConformanceFailure("an unavailable generator produced media", file: file, line: line)
        case .failure(GenerationError.unavailable(let message))?, .failure(GenerationError.notConfigured(let message))?:
            try require(!message.trimmingCharacters(in: .whitespaces).isEmpty,
                        "the unavailability message is empty", file: file, line: line)
        case .failure(let error)?:
            throw GeneratorConformanceFailure("expected .unavailable or .notConfigured, got \(error)", file: file, line: line)
        }
    }

    /// The value of `operation`, or `nil` when it takes longer than `deadline` seconds.
    /// The operation is left running (detached) past the deadline, so a stuck one cannot block the caller.
    static func firstOf<T: Sendable>(deadline: Double, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let stream = AsyncStream<T?> { continuation in
            let worker = Task {
                continuation.yield(await operation())
                continuation.finish()
            }
            let timer = Task {
                try? await Task.sleep(for: .seconds(deadline))
                continuation.yield(nil)
                continuation.finish()
            }
            continuation.onTermination = { _ in
                timer.cancel()
                _ = worker
            }
        }
        for await first in stream { return first }
        return nil
    }
}

/// What `body` returned or threw.
func outcomeOf<T>(_ body: () async throws -> T) async -> Result<T, any Error> {
    do { return .success(try await body()) } catch { return .failure(error) }
}
