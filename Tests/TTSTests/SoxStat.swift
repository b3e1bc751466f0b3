import Foundation

/// What `sox FILE -n stat` says of a sound file: proof that it decodes, and how long and loud it is.
struct SoxStat {
    var lengthSeconds: Double
    var rmsAmplitude: Double

    /// Decodes `bytes` (written to a temporary file with `fileExtension`) with sox.
    static func of(_ bytes: [UInt8], fileExtension: String) throws -> SoxStat {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tts-\(UUID().uuidString).\(fileExtension)")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sox", url.path, "-n", "stat"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let report = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw SoxError(report: report) }
        func value(_ label: String) throws -> Double {
            guard let line = report.split(separator: "\n").first(where: { $0.hasPrefix(label) }),
                  let number = line.split(separator: ":").last.flatMap({ Double($0.trimmingCharacters(in: .whitespaces)) })
            else { throw SoxError(report: report) }
            return number
        }
        return SoxStat(lengthSeconds: try value("Length (seconds)"), rmsAmplitude: try value("RMS     amplitude"))
    }
}

struct SoxError: Error, CustomStringConvertible {
    var report: String
    var description: String { "sox could not read the file: \(report)" }
}
