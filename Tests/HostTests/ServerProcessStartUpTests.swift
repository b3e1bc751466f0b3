import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Start-up and connection rules that only a real process on a real socket shows.
extension ServerProcessTests {
    @Test("a port in use stops start-up with 'PORT … is already in use', and 'serving on' is logged only once bound")
    func portInUse() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let first = try tempDirectory(), second = try tempDirectory()
        defer { for dir in [first, second] { try? FileManager.default.removeItem(at: dir) } }
        let (server, port) = try await startServer(env: ["DEBUG": "true"], in: first)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        #expect(output(in: first).contains("serving on http://127.0.0.1:\(port)/graphql/"))

        let clash = try run([], env: ["DEBUG": "true", "PORT": "\(port)", "HOST": "127.0.0.1"], directory: second)
        #expect(try await waitForExit(clash, seconds: 30), "still running: \(output(in: second))")
        #expect(clash.terminationStatus != 0)
        let log = output(in: second)
        #expect(log.contains("PORT \(port) is already in use"), "\(log)")
        #expect(!log.contains("serving on"), "\(log)")
        #expect(server.isRunning)
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))
    }

    @Test("a multipart upload whose body stalls loses its connection after REQUEST_IDLE_TIMEOUT_SECONDS, and its spool file")
    func stalledUploadIsCut() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let spool = dir.appendingPathComponent("spool")
        let (server, port) = try await startServer(
            env: ["DEBUG": "true", "REQUEST_IDLE_TIMEOUT_SECONDS": "2", "UPLOAD_TMP_DIR": spool.path, "BCRYPT_COST": "4"], in: dir)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        let url = "http://127.0.0.1:\(port)/graphql/"
        _ = try Self.post(url, query: #"mutation { createUser(input: {email: "up@example.com", password: "password1"}) { success } }"#)
        let login = try Self.post(url, query: #"mutation { tokenAuth(email: "up@example.com", password: "password1") { token } }"#)
        let token = try #require(login.split(separator: "\"").dropFirst().first { $0.count > 40 }.map(String.init), "\(login)")

        let boundary = "stall"
        let operations = #"{"query":"mutation($f: Upload!) { uploadAsset(file: $f, type: \"image\", name: \"n\") { success } }","variables":{"f":null}}"#
        let head = [
            "POST /graphql/ HTTP/1.1", "Host: 127.0.0.1", "Authorization: JWT \(token)", "Apollo-Require-Preflight: true",
            "Content-Type: multipart/form-data; boundary=\(boundary)", "Content-Length: 100000", "", "",
        ].joined(separator: "\r\n")
        let firstParts = [
            "--\(boundary)", #"Content-Disposition: form-data; name="operations""#, "", operations,
            "--\(boundary)", #"Content-Disposition: form-data; name="map""#, "", #"{"0": ["variables.f"]}"#,
            "--\(boundary)", #"Content-Disposition: form-data; name="0"; filename="a.png""#, "Content-Type: image/png", "",
            "\u{89}PNG partial bytes",
        ].joined(separator: "\r\n")
        let socket = try LoopbackSocket(port: port)
        defer { socket.close() }
        try socket.send(head + firstParts)
        var spooled = 0
        for _ in 0..<75 where spooled == 0 {
            try await Task.sleep(for: .milliseconds(20))
            spooled = (try? FileManager.default.contentsOfDirectory(atPath: spool.path).count) ?? 0
        }
        #expect(spooled == 1, "the file part is being spooled")

        let started = Date()
        let closed = try await socket.waitForClose(seconds: 10)
        #expect(closed, "the stalled connection was not closed")
        #expect(Date().timeIntervalSince(started) < 8)
        try await Task.sleep(for: .milliseconds(300))
        #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path) == [], "the spool file is deleted")
        #expect(try Self.post(url, query: "{ __typename }").contains("Query"), "the server goes on serving")
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))
    }

    @Test("LOG_FORMAT=json writes every line as a JSON object, with the request id of request logs")
    func jsonLogs() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (server, port) = try await startServer(env: ["DEBUG": "true", "LOG_FORMAT": "json"], in: dir)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        _ = try Self.post("http://127.0.0.1:\(port)/graphql/", query: "{ __typename }")
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))
        let lines = output(in: dir).split(separator: "\n")
        #expect(lines.count > 3)
        var objects: [[String: Any]] = []
        for line in lines {
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON line: \(line)")
            if let object { objects.append(object) }
        }
        #expect(objects.contains { ($0["message"] as? String)?.hasPrefix("serving on") == true && $0["level"] as? String == "info" })
        #expect(objects.allSatisfy { $0["time"] is String && $0["label"] is String })
        #expect(objects.contains { $0["hb.request.id"] is String }, "request logs carry the request id")
    }

    @Test("LOG_FORMAT=text, the default, writes swift-log's text lines, with the request id of request logs")
    func textLogs() async throws {
        _ = try #require(Self.binary, "build the story-server product first (swift build --build-tests)")
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (server, port) = try await startServer(env: ["DEBUG": "true"], in: dir)
        defer { if server.isRunning { kill(server.processIdentifier, SIGKILL) } }
        _ = try Self.post("http://127.0.0.1:\(port)/graphql/", query: "{ __typename }")
        server.terminate()
        #expect(try await waitForExit(server, seconds: 20))
        let lines = output(in: dir).split(separator: "\n")
        #expect(lines.contains { $0.contains(" info story-server:") && $0.contains("serving on") }, "\(lines)")
        #expect(lines.contains { $0.contains("hb.request.id=") }, "request logs carry the request id: \(lines)")
    }
}

/// A blocking TCP connection to 127.0.0.1, for requests curl cannot send (a body that stalls).
struct LoopbackSocket {
    let descriptor: Int32

    init(port: Int) throws {
        descriptor = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { throw TestFailure("connect failed: errno \(errno)") }
    }

    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.send(descriptor, $0.baseAddress, $0.count, 0) }) == bytes.count else {
            throw TestFailure("send failed: errno \(errno)")
        }
    }

    /// Whether the peer closed the connection (a read returns 0 or fails) within `seconds`. Polls
    /// without blocking and sleeps between polls, so it never holds a thread of the shared pool.
    func waitForClose(seconds: Int) async throws -> Bool {
        var pollDescriptor = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(Double(seconds))
        var buffer = [UInt8](repeating: 0, count: 4096)
        while Date() < deadline {
            guard poll(&pollDescriptor, 1, 0) > 0 else {
                try await Task.sleep(for: .milliseconds(50))
                continue
            }
            let count = recv(descriptor, &buffer, buffer.count, Int32(MSG_DONTWAIT))
            if count == 0 || (count < 0 && errno != EAGAIN && errno != EWOULDBLOCK) { return true }
        }
        return false
    }

    func close() { _ = Glibc.close(descriptor) }
}
