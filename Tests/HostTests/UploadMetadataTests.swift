import Foundation
import Protocols
import Testing

@testable import Host

@Suite("Upload metadata of real encoder output")
struct UploadMetadataTests {
    static let sox = ["/usr/bin/sox", "/usr/local/bin/sox"].first { FileManager.default.isExecutableFile(atPath: $0) }

    @Test("WAV, OGG Vorbis and MP3 written by sox are detected and their duration read (3.25 s)",
          .enabled(if: sox != nil, "sox is not installed (scripts/setup.sh installs it)"),
          arguments: [("wav", MediaFormat.wav, 0.001), ("ogg", .ogg, 0.01), ("mp3", .mp3, 0.1)])
    func soxOutput(ext: String, format: MediaFormat, tolerance: Double) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("tone.\(ext)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.sox))
        process.arguments = ["-n", "-r", "44100", "-c", "2", path, "synth", "3.25", "sine", "440"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "sox cannot write .\(ext) here")
        let file = try RandomAccessFile(path: path)
        #expect(MediaFormat.detect(file.read(at: 0, count: MediaFormat.sniffLength)) == format)
        let duration = try #require(MediaMetadata.extract(format, file: file)["duration"]?.doubleValue)
        #expect(abs(duration - 3.25) <= tolerance, "\(ext): \(duration)")
    }
}
