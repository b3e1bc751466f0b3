import Foundation
import Testing
@testable import MusicGen

/// A worker is not started while the server holds more descriptors than `Process.run` survives.
@Suite struct WorkerSpawnTests {
    @Test("the open descriptors are counted from /proc/self/fd: standard input, output and error at least")
    func descriptorsAreCounted() throws {
        // Other tests open and close descriptors meanwhile, so only a floor is certain.
        #expect(try #require(WorkerProcess.openDescriptors()) >= 3)
    }

    @Test("past the limit the worker is refused with a message naming both counts, and nothing is started")
    func refusedPastTheLimit() throws {
        #expect(WorkerProcess.descriptorLimit < 1_350)
        let marker = FileManager.default.temporaryDirectory.appendingPathComponent("spawn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: marker) }
        let error = #expect(throws: SpawnRefused.self) {
            try WorkerProcess(executable: "/usr/bin/touch", arguments: [marker.path], environment: [:], descriptorLimit: 2)
        }
        #expect(error?.limit == 2)
        #expect((error?.openDescriptors ?? 0) > 2)
        #expect(error?.description.contains("over the 2 at which it starts a worker") == true)
        Thread.sleep(forTimeInterval: 0.2)
        #expect(!FileManager.default.fileExists(atPath: marker.path))
    }
}
