import Foundation
import Protocols

/// Names a storage path must never be built from.
enum NameCases {
    static let all: [FileStorageConformanceCase] = [oddNames]

    static let oddNames = FileStorageConformanceCase("names with odd characters are refused before anything is written") { c in
        let marker = UUID().uuidString.lowercased()
        let names = [
            "../\(marker).png", "a/\(marker).png", ".\(marker)", "x \(marker).png", "\(marker)\n.png",
            "\(marker)\u{0}.png", "\(marker)\t.png", "..", "", "\(marker)\\x.png", "é\(marker).png",
        ]
        for name in names {
            try await checkThrows("storing under \(name.debugDescription)", matching: { error in
                if case .invalidName = error { return true }
                return false
            }) {
                _ = try await c.storage.store(TestData.image(.bytes(TestData.png(64)), name: name))
            }
        }
        let leaked = try await c.storage.allKeys().filter { $0.contains(marker) }
        try check(leaked.isEmpty, "refused names must write nothing, found \(leaked)")
    }
}
