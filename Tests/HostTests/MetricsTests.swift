import Foundation
import HTTPTypes
import Protocols
import Testing

@testable import Host

/// `GET /metrics` is Prometheus text that prometheus-client's parser reads: request durations by
/// GraphQL operation, errors by code, Hummingbird's HTTP metrics.
@Suite("Metrics", .serialized)
struct MetricsTests {
    struct Sample: Decodable {
        let family: String
        let type: String
        let name: String
        let labels: [String: String]
        let value: Double
    }

    /// The samples of a scrape, read by prometheus-client (`scripts/metrics/parse.py`).
    static func parse(_ text: String) async throws -> [Sample] {
        // The Python process is waited for on a thread of its own, not one of the shared pool's.
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try parseBlocking(text) }) }
        }
    }

    private static func parseBlocking(_ text: String) throws -> [Sample] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try python())
        process.arguments = [packageRoot.appendingPathComponent("scripts/metrics/parse.py").path]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(text.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("prometheus-client refused the scrape: \(errorText)") }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map {
            try JSONDecoder().decode(Sample.self, from: Data($0.utf8))
        }
    }

    static var packageRoot: URL {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }

    static func python() throws -> String {
        let env = ProcessInfo.processInfo.environment
        let candidates: [String] = [env["TEST_VENV"].map { $0 + "/bin/python" }, packageRoot.appendingPathComponent(".venv-test/bin/python").path]
            .compactMap { $0 }
        guard let python = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestFailure("no test virtualenv python: run scripts/test-venv.sh")
        }
        return python
    }

    @Test("a scrape parses with prometheus-client and shows durations by operation, errors by code and HTTP requests")
    func scrape() async throws {
        try await TestServer.with { api in
            _ = try await api.post(body: #"{"query": "query ListStories { allScenarios { title } }", "operationName": "ListStories"}"#)
            _ = try await api.graphql(#"mutation { createScenario(input: {title: "t", description: "d"}) { success } }"#)  // Authentication required
            _ = try await api.graphql("{ nope }")  // validation
            let scrape = try await api.fetch("/metrics")
            #expect(scrape.status == .ok)
            #expect(scrape.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
            let samples = try await Self.parse(String(decoding: scrape.body, as: UTF8.self))
            let durations = samples.filter { $0.family == "graphql_request_duration_seconds" }
            #expect(durations.contains { $0.name.hasSuffix("_count") && $0.labels["operation"] == "ListStories" && $0.value >= 1 },
                    "\(durations.map(\.labels))")
            #expect(durations.contains { $0.labels["operation"] == "anonymous" })
            let errors = samples.filter { $0.family == "graphql_errors" || $0.family == "graphql_errors_total" }
            #expect(errors.contains { $0.labels["code"] == "authentication_required" && $0.value >= 1 }, "\(errors.map(\.labels))")
            #expect(errors.contains { $0.labels["code"] == "validation" && $0.value >= 1 }, "\(errors.map(\.labels))")
            #expect(samples.contains { $0.family.hasPrefix("hb_") }, "Hummingbird's HTTP metrics")
        }
    }

    @Test("store calls are timed by operation; generation jobs are counted by kind and status, and the queue's depth is shown")
    func storeAndGeneration() async throws {
        try await TestServer.with { api in
            _ = try await api.post(body: #"{"query": "query ListStories { allScenarios { title } }", "operationName": "ListStories"}"#)
            // No image provider is configured here, so no worker takes the job: it stays queued.
            try await api.store.insertJob(GenerationJob(kind: .image, parameters: ["prompt": "a cave"], requestedBy: ObjectId()))
            let scrape = try await api.fetch("/metrics")
            let samples = try await Self.parse(String(decoding: scrape.body, as: UTF8.self))
            let calls = samples.filter { $0.family == "store_call_duration_seconds" && $0.name.hasSuffix("_count") }
            #expect(calls.contains { $0.labels["operation"] == "scenarios(filter:)" && $0.value >= 1 }, "\(calls.map(\.labels))")
            #expect(calls.contains { $0.labels["operation"] == "insertJob" && $0.value >= 1 })
            let jobs = samples.filter { $0.family == "generation_jobs" || $0.family == "generation_jobs_total" }
            #expect(jobs.contains { $0.labels == ["kind": "image", "status": "queued"] && $0.value >= 1 }, "\(jobs.map(\.labels))")
            let depth = samples.filter { $0.family == "generation_queue_depth" }
            #expect(depth.contains { $0.labels["kind"] == "image" && $0.value >= 1 }, "\(depth.map(\.labels))")
            #expect(Set(depth.compactMap { $0.labels["kind"] }) == ["image", "speech", "music"])
        }
    }

    @Test("operation names are bounded before they become labels: invalid names, and past 200 distinct names, 'other'")
    func operationNamesAreBounded() {
        let metrics = GraphQLMetrics()
        #expect(metrics.label(forOperation: nil) == "anonymous")
        #expect(metrics.label(forOperation: "Get Me\n{x=\"y\"}") == "invalid")
        #expect(metrics.label(forOperation: String(repeating: "A", count: 65)) == "invalid")
        for i in 0..<GraphQLMetrics.maxOperationNames { #expect(metrics.label(forOperation: "Op\(i)") == "Op\(i)") }
        #expect(metrics.label(forOperation: "OneTooMany") == "other")
        #expect(metrics.label(forOperation: "Op7") == "Op7", "names already seen keep their label")
    }

    @Test("with METRICS_TOKEN, /metrics asks for the bearer token")
    func token() async throws {
        try await TestServer.with(["METRICS_TOKEN": "scrape-secret"]) { api in
            let none = try await api.fetch("/metrics")
            let wrong = try await api.fetch("/metrics", headers: [.authorization: "Bearer wrong"])
            let right = try await api.fetch("/metrics", headers: [.authorization: "Bearer scrape-secret"])
            #expect(none.status == .unauthorized)
            #expect(wrong.status == .unauthorized)
            #expect(right.status == .ok)
        }
    }
}
