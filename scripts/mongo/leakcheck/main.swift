import Foundation
import MongoStore
import StoreConformance

// Runs the whole store conformance suite, in a row, against MONGODB_URI (one fresh database per case).
// Not an async main: valgrind 3.19 crashes on the main thread's dispatch_main; a semaphore waits instead.
let uri = ProcessInfo.processInfo.environment["MONGODB_URI"]!
let rounds = Int(ProcessInfo.processInfo.environment["ROUNDS"] ?? "1") ?? 1
let done = DispatchSemaphore(value: 0)
Task.detached {
    let suite = StoreConformance {
        try await MongoStore.connect(MongoSettings(uri: uri, databaseName: "leak_" + UUID().uuidString.prefix(8), poolSize: 4))
    }
    for round in 1...rounds {
        do {
            try await suite.runAll()
            print("round \(round): all \(StoreConformance.allCases.count) cases passed")
        } catch {
            print("round \(round) FAILED: \(error)")
        }
    }
    done.signal()
}
done.wait()
