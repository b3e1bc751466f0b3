import Foundation
import Hummingbird
import HummingbirdTesting
import Protocols
import Testing

@testable import Host

/// The test virtualenv's Python (`TEST_VENV`, or `.venv-test` at the package root), which has `requests`.
enum UploadTestVenv {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let required = ProcessInfo.processInfo.environment["REQUIRE_TEST_SERVICES"] == "1"

    static var python: String? {
        let venv = ProcessInfo.processInfo.environment["TEST_VENV"] ?? packageRoot.appendingPathComponent(".venv-test").path
        let python = venv + "/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// What a Python client does, as `apollo-upload-client` would: the multipart form built by `requests`.
    static let client = #"""
    import json, sys, requests
    base, token, path, too_large_path = sys.argv[1:5]
    headers = {"Authorization": "JWT " + token, "Apollo-Require-Preflight": "true"}
    query = "mutation($file: Upload!, $type: String!, $name: String!) { uploadAsset(file: $file, type: $type, name: $name) { success message asset { url fileSize } } }"
    def upload(file_path, kind):
        operations = json.dumps({"query": query, "variables": {"file": None, "type": kind, "name": "from python"}})
        with open(file_path, "rb") as f:
            return requests.post(base + "/graphql/", headers=headers, timeout=120,
                                 data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
                                 files={"0": ("song.wav", f, "audio/wav")})
    r = upload(path, "sound")
    out = {"status": r.status_code, "body": r.json()}
    asset = (r.json().get("data") or {}).get("uploadAsset") or {}
    if asset.get("success"):
        got = requests.get(base + asset["asset"]["url"], timeout=120)
        out["same"] = got.status_code == 200 and got.content == open(path, "rb").read()
        partial = requests.get(base + asset["asset"]["url"], headers={"Range": "bytes=100-199"}, timeout=120)
        out["range"] = [partial.status_code, partial.headers.get("Content-Range"), partial.content == open(path, "rb").read()[100:200]]
    try:
        big = upload(too_large_path, "image")
        out["too_large"] = [big.status_code, big.json()["errors"][0]["message"]]
    except requests.exceptions.RequestException as error:
        out["too_large"] = ["connection closed", str(error)[:200]]
    print(json.dumps(out))
    """#
}

@Suite("Uploads from a Python client against a live server")
struct UploadLiveTests {
    @Test("requests uploads a 2 MB WAV through the multipart spec, fetches it back identical, and is refused past the image limit")
    func pythonClient() async throws {
        guard let python = UploadTestVenv.python else {
            if UploadTestVenv.required { Issue.record("REQUIRE_TEST_SERVICES=1 but the test virtualenv is missing: run scripts/test-venv.sh") }
            else { print("skipped: the test virtualenv is missing (run scripts/test-venv.sh)") }
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("live-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let wav = directory.appendingPathComponent("song.wav")
        try Data(SampleMedia.wav(seconds: 125)).write(to: wav)
        let big = directory.appendingPathComponent("big.png")
        try Data(SampleMedia.png() + [UInt8](repeating: 0, count: 3_000_000)).write(to: big)

        let server = try await TestServer.make(["MAX_IMAGE_BYTES": "1048576"])
        defer { try? FileManager.default.removeItem(at: server.directory) }
        let app = Application(router: try StoryApplication.makeRouter(services: server.services))
        try await app.test(.live) { client in
            let api = TestAPI(client: client, server: server)
            let ann = try await api.player()
            let port = try #require(client.port)
            let output = try Self.run(python, ["-c", UploadTestVenv.client, "http://127.0.0.1:\(port)", ann.token, wav.path, big.path])
            let result = try JSONDecoder().decode(JSONValue.self, from: output)
            #expect(result["status"]?.intValue == 200, "\(result.jsonString)")
            #expect(result["body"]?["data"]?["uploadAsset"]?["success"] == .bool(true), "\(result.jsonString)")
            #expect(result["body"]?["data"]?["uploadAsset"]?["asset"]?["fileSize"]?.intValue == SampleMedia.wav(seconds: 125).count)
            #expect(result["same"] == .bool(true))
            #expect(result["range"] == .array([.int(206), .string("bytes 100-199/\(SampleMedia.wav(seconds: 125).count)"), .bool(true)]))
            #expect(result["too_large"] == .array([.int(413), .string("The file is larger than the 1 MB limit for image files")]), "\(result.jsonString)")
        }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let stdout = Pipe(), stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let errors = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestFailure("python exited with \(process.terminationStatus): \(String(decoding: errors.suffix(2000), as: UTF8.self))")
        }
        return output
    }
}
