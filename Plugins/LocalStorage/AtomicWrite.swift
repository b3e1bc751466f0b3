import Foundation
import Protocols
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either nothing or all of it: a temporary file in the same
/// directory, flushed to disk, then `rename(2)`, which is atomic within one file system.
enum AtomicWrite {
    static func write(_ body: FileBody, to destination: URL) throws {
        let directory = destination.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".tmp-\(UUID().uuidString)")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            switch body {
            case .bytes(let bytes):
                try Data(bytes).write(to: temporary)
            case .file(let path):
                // copyItem streams the file; it is not read into memory whole.
                try FileManager.default.copyItem(atPath: path, toPath: temporary.path)
            }
            if let handle = FileHandle(forWritingAtPath: temporary.path) {
                try handle.synchronize()
                try handle.close()
            }
            guard rename(temporary.path, destination.path) == 0 else {
                throw FileStorageError.backend("could not move the file into place: \(String(cString: strerror(errno)))")
            }
        } catch let error as FileStorageError {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw FileStorageError.backend("could not write \(destination.lastPathComponent): \(error.localizedDescription)")
        }
    }
}
