import Foundation
import Protocols

/// How far the process's peak resident memory rises while a storage stores a large file from disk:
/// a measurement for reports, not a check (the peak is process-wide, so run it alone).
public enum MemoryFootprint {
    /// Whether `STORAGE_MEASURE_MEMORY=1` asks for the measurement.
    public static let requested = ProcessInfo.processInfo.environment["STORAGE_MEASURE_MEMORY"] == "1"

    /// Stores (then deletes) a file of `megabytes` MiB and returns a line describing the peak RSS growth.
    public static func measureStore(into storage: any FileStorage, megabytes: Int = 100, kind: AssetKind = .video,
                                    label: String) async throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("footprint-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw FileStorageConformanceFailure("could not create \(path)")
        }
        let chunk = Data((0..<(1 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        for _ in 0..<megabytes { handle.write(chunk) }
        try handle.close()
        defer { try? FileManager.default.removeItem(atPath: path) }

        // Warm up first, so that starting the HTTP client's threads and connection pool is not counted.
        let small = try await storage.store(FileToStore(body: .bytes(Array(chunk.prefix(1024))), kind: kind,
                                                        fileName: "\(UUID().uuidString.lowercased()).mp4", contentType: "video/mp4"))
        _ = try await storage.delete(key: small.key)
        let before = peakResidentKiB()
        let stored = try await storage.store(FileToStore(body: .file(path: path), kind: kind, fileName: "\(UUID().uuidString.lowercased()).mp4",
                                                         contentType: "video/mp4"))
        let after = peakResidentKiB()
        _ = try await storage.delete(key: stored.key)
        return "\(label): storing \(megabytes) MiB from disk raised peak RSS \(before / 1024) MiB -> \(after / 1024) MiB (+\((after - before) / 1024) MiB)"
    }

    /// `VmHWM` from /proc/self/status, in KiB (0 where there is no /proc).
    public static func peakResidentKiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
}
