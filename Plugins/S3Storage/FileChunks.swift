import Foundation
import NIOCore

/// A byte range of a file read in chunks, so uploads never hold the whole file in memory.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer

    let path: String
    let offset: UInt64
    let length: Int
    var chunkSize = 256 * 1024

    struct AsyncIterator: AsyncIteratorProtocol {
        let handle: FileHandle?
        var remaining: Int
        let chunkSize: Int

        mutating func next() async throws -> ByteBuffer? {
            guard remaining > 0, let handle else {
                try? handle?.close()
                return nil
            }
            guard let data = try handle.read(upToCount: Swift.min(chunkSize, remaining)), !data.isEmpty else {
                throw CocoaError(.fileReadUnknown)
            }
            remaining -= data.count
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        let handle = FileHandle(forReadingAtPath: path)
        try? handle?.seek(toOffset: offset)
        return AsyncIterator(handle: handle, remaining: handle == nil ? 0 : length, chunkSize: chunkSize)
    }

    /// Reads the whole range, chunk by chunk, into `body` (e.g. to hash it).
    static func forEachChunk(path: String, offset: UInt64 = 0, length: Int, _ body: (Data) -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw CocoaError(.fileReadNoSuchFile) }
        defer { try? handle.close() }
        try handle.seek(toOffset: offset)
        var remaining = length
        while remaining > 0 {
            guard let data = try handle.read(upToCount: Swift.min(1024 * 1024, remaining)), !data.isEmpty else {
                throw CocoaError(.fileReadUnknown)
            }
            body(data)
            remaining -= data.count
        }
    }

    /// The size of the file at `path`.
    static func size(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
