import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Protocols
@testable import HuggingFace

/// The local stand-in for the inference API (`fake_inference_server.py`), started once for the test process
/// on a free loopback port. It exits when the test process does (it reads its standard input to the end).
actor FakeInferenceServer {
    static let shared = FakeInferenceServer()

    private var started: (process: Process, input: Pipe, port: Int)?

    /// The base URL to use as `HF_API_BASE_URL`.
    func baseURL() throws -> String {
        "http://127.0.0.1:\(try port())/models"
    }

    /// A generator pointed at the fake server's `behaviour` (see the script), with a fresh model name.
    func generator(_ behaviour: String, token: String = "test-token", timeout: Double = 30, maxLoadingWait: Double = 10)
        throws -> HuggingFaceImageGenerator
    {
        HuggingFaceImageGenerator(
            settings: HuggingFaceSettings(baseURL: try baseURL(), token: token, requestTimeout: timeout, maxLoadingWait: maxLoadingWait),
            model: "\(behaviour)/model-\(UUID().uuidString.prefix(8))")
    }

    /// The settings of a client of the fake server.
    func settings(token: String = "test-token", timeout: Double = 30) throws -> HuggingFaceSettings {
        HuggingFaceSettings(baseURL: try baseURL(), token: token, requestTimeout: timeout, maxLoadingWait: 10)
    }

    /// How many POSTs reached `model`.
    func calls(to model: String) async throws -> Int {
        try await getJSON("_calls/\(model)")["calls"]?.intValue ?? -1
    }

    /// The last POST `model` received: `path`, `body`, `authorization`, `accept`.
    func lastRequest(to model: String) async throws -> JSONValue {
        try await getJSON("_last/\(model)")
    }

    private func getJSON(_ path: String) async throws -> JSONValue {
        let url = URL(string: "http://127.0.0.1:\(try port())/\(path)")!
        let (data, _) = try await URLSession.shared.data(from: url)
        return try JSONValue(parsing: String(decoding: data, as: UTF8.self))
    }

    private func port() throws -> Int {
        if let started { return started.port }
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("fake_inference_server.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw FakeServerError.didNotStart(String(decoding: line, as: UTF8.self))
        }
        started = (process, input, port)
        return port
    }
}

enum FakeServerError: Error {
    case didNotStart(String)
}
