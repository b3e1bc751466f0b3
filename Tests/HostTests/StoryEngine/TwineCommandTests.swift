import Foundation
import Protocols
import Testing

/// `story-server import` and `story-server export`, run as processes on a SQLite file.
@Suite("Story engine: the import and export commands", .serialized)
struct TwineCommandTests {
    let process = ServerProcessTests()

    func run(_ arguments: [String], env: [String: String], in dir: URL) async throws -> (Int32, String) {
        let run = try process.run(arguments, env: env, directory: dir)
        #expect(try await process.waitForExit(run, seconds: 60), "\(arguments[0]) did not finish: \(process.output(in: dir))")
        return (run.terminationStatus, process.output(in: dir))
    }

    @Test("a Twee file imports as a new scenario, exports as the same text, and a bad one is refused with its line")
    func importAndExport() async throws {
        _ = try #require(ServerProcessTests.binary, "build the story-server product first (swift build --build-tests)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("twine-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let env = [
            "SECRET_KEY": testSecret, "BCRYPT_COST": "4",
            "SQLITE_PATH": dir.appendingPathComponent("story.sqlite").path, "MEDIA_ROOT": dir.appendingPathComponent("media").path,
        ]
        let (adminStatus, adminOutput) = try await run(
            ["create-admin", "--email", "author@example.com", "--password", "password1"], env: env, in: dir)
        #expect(adminStatus == 0, "\(adminOutput)")

        let source = dir.appendingPathComponent("lighthouse.twee")
        try Data(TwineAPITests.handWritten.utf8).write(to: source)
        let (status, output) = try await run(["import", source.path, "--author", "author@example.com"], env: env, in: dir)
        #expect(status == 0, "\(output)")
        let id = try #require(output.firstMatch(of: /scenario ([0-9a-f]{24})/)?.1, "\(output)")

        let first = dir.appendingPathComponent("first.twee")
        let (exportStatus, exportOutput) = try await run(["export", "--scenario", String(id), "--output", first.path], env: env, in: dir)
        #expect(exportStatus == 0, "\(exportOutput)")
        let text = try String(contentsOf: first, encoding: .utf8)
        #expect(text.contains(":: Shore [start]") && text.contains("[[Climb the cliff->Cliff]]"), "\(text)")

        // Its export imports again and exports as the same text, in JSON too.
        for format in ["twee", "json"] {
            let exported = dir.appendingPathComponent("out.\(format)")
            _ = try await run(["export", "--scenario", String(id), "--format", format, "--output", exported.path], env: env, in: dir)
            let (again, againOutput) = try await run(["import", exported.path, "--author", "author@example.com"], env: env, in: dir)
            #expect(again == 0, "\(againOutput)")
            let copy = try #require(againOutput.firstMatch(of: /scenario ([0-9a-f]{24})/)?.1, "\(againOutput)")
            let second = dir.appendingPathComponent("second.\(format)")
            _ = try await run(["export", "--scenario", String(copy), "--format", format, "--output", second.path], env: env, in: dir)
            #expect(try Data(contentsOf: second) == Data(contentsOf: exported), "\(format) round trip")
        }

        let broken = dir.appendingPathComponent("broken.twee")
        try Data((TwineAPITests.handWritten + "\n\n:: Cliff\nAgain.\n").utf8).write(to: broken)
        let (brokenStatus, brokenOutput) = try await run(["import", broken.path, "--author", "author@example.com"], env: env, in: dir)
        #expect(brokenStatus != 0)
        #expect(brokenOutput.contains("line ") && brokenOutput.contains("two passages are named 'Cliff'"), "\(brokenOutput)")
        let (playerStatus, playerOutput) = try await run(["import", source.path, "--author", "nobody@example.com"], env: env, in: dir)
        #expect(playerStatus != 0 && playerOutput.contains("no such user"), "\(playerOutput)")
    }
}
