import Foundation
import Protocols

/// Names and bytes the cases store: every name is fresh, so cases may share one backend and run at once.
enum TestData {
    /// A fresh safe file name such as `3f2a….png`.
    static func fileName(_ ext: String = "png") -> String {
        "\(UUID().uuidString.lowercased()).\(ext)"
    }

    /// `count` bytes that differ from one `seed` to the next and are not all one value.
    static func bytes(_ count: Int, seed: UInt64 = 0) -> [UInt8] {
        var state = seed &+ 0x9E37_79B9_7F4A_7C15
        var out = [UInt8](repeating: 0, count: count)
        for i in 0..<count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out[i] = UInt8(truncatingIfNeeded: state >> 33)
        }
        return out
    }

    /// A PNG-looking payload (the signature, then noise) so storages that sniff content accept it.
    static func png(_ count: Int = 1024, seed: UInt64 = 0) -> [UInt8] {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        return signature + bytes(max(0, count - signature.count), seed: seed)
    }

    /// Writes `bytes` to a new temporary file and returns its path.
    static func temporaryFile(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("fsconf-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw FileStorageConformanceFailure("could not write the temporary file \(path)")
        }
        return path
    }

    static func image(_ body: FileBody, name: String = fileName(), isPublic: Bool = true) -> FileToStore {
        FileToStore(body: body, kind: .image, fileName: name, contentType: "image/png", isPublic: isPublic)
    }
}

extension ConformanceContext {
    /// GETs `url` through the adapter's fetcher and checks it returns `expected`; without a fetcher,
    /// only checks the URL is not empty.
    func checkURL(_ url: String, returns expected: [UInt8], _ what: String, file: String = #fileID, line: Int = #line) async throws {
        try check(!url.isEmpty, "\(what): the URL is empty", file: file, line: line)
        guard let fetch else { return }
        let got = try await fetch(url)
        try check(got == expected, "\(what): GET \(url) returned \(got.count) bytes, not the \(expected.count) stored", file: file, line: line)
    }

    /// Checks that GETting `url` through the adapter's fetcher fails (an error status, or no answer);
    /// without a fetcher, checks nothing.
    func checkURLRefused(_ url: String, _ what: String, file: String = #fileID, line: Int = #line) async throws {
        guard let fetch else { return }
        let got: [UInt8]
        do {
            got = try await fetch(url)
        } catch {
            return
        }
        throw FileStorageConformanceFailure("\(what): GET \(url) still returned \(got.count) bytes", file: file, line: line)
    }
}
