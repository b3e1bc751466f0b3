import AsyncHTTPClient
import Foundation
import NIOCore

/// A `multipart/form-data` body of text fields and one file, streamed: the fields, the file read
/// in chunks from disk (or from memory), the closing boundary.
struct MultipartFormBody {
    enum FileSource {
        case bytes([UInt8])
        case file(path: String, size: Int)

        var size: Int {
            switch self {
            case .bytes(let bytes): bytes.count
            case .file(_, let size): size
            }
        }
    }

    let boundary = "----story-server-\(UUID().uuidString)"
    let head: [UInt8]
    let tail: [UInt8]
    let file: FileSource

    /// - Parameters: fields are sent in the order given; `fileName` is the file part's `filename`.
    init(fields: [(String, String)], fileField: String = "file", fileName: String, contentType: String, file: FileSource) {
        var head = ""
        for (name, value) in fields {
            head += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        head += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(fileName)\"\r\n"
        head += "Content-Type: \(contentType)\r\n\r\n"
        self.head = Array(head.utf8)
        tail = Array("\r\n--\(boundary)--\r\n".utf8)
        self.file = file
    }

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }
    var length: Int { head.count + file.size + tail.count }

    var requestBody: HTTPClientRequest.Body {
        switch file {
        case .bytes(let bytes):
            return .bytes(head + bytes + tail)
        case .file(let path, let size):
            return .stream(Parts(head: head, path: path, size: size, tail: tail), length: .known(Int64(length)))
        }
    }

    /// The head, the file's chunks, the tail.
    struct Parts: AsyncSequence, Sendable {
        typealias Element = ByteBuffer
        let head: [UInt8]
        let path: String
        let size: Int
        let tail: [UInt8]

        struct AsyncIterator: AsyncIteratorProtocol {
            var stage = 0
            var head: [UInt8]
            var tail: [UInt8]
            var handle: FileHandle?
            var remaining: Int

            mutating func next() async throws -> ByteBuffer? {
                switch stage {
                case 0:
                    stage = 1
                    return ByteBuffer(bytes: head)
                case 1:
                    if remaining > 0 {
                        guard let handle, let data = try handle.read(upToCount: Swift.min(256 * 1024, remaining)), !data.isEmpty else {
                            throw CocoaError(.fileReadUnknown)
                        }
                        remaining -= data.count
                        return ByteBuffer(bytes: data)
                    }
                    try? handle?.close()
                    stage = 2
                    return ByteBuffer(bytes: tail)
                default:
                    return nil
                }
            }
        }

        func makeAsyncIterator() -> AsyncIterator {
            AsyncIterator(head: head, tail: tail, handle: FileHandle(forReadingAtPath: path), remaining: size)
        }
    }
}
