import ArgumentParser
import Domain
import Foundation
import Protocols

/// `story-server export`: a scenario as Twee 3 or Twine 2 JSON, on standard output or in a file.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a scenario as Twee 3 (twee) or Twine 2 JSON (json), as exportScenario does.",
        discussion: "Reads the store the server is configured with (DB_TYPE, …) and acts as the scenario's author.")

    @Option(help: "The scenario's id (its mongoId, or its GraphQL id).") var scenario: String
    @Option(help: "twee or json.") var format = "twee"
    @Option(help: "The file to write; standard output when absent.") var output: String?

    func run() async throws {
        try await StartUp.withServices(label: "story-export", write(with:))
    }

    private func write(with services: Services) async throws {
        guard let id = ObjectId(scenario) ?? (try? NodeID.decode(scenario, as: "ScenarioType", argument: "scenario")) else {
            throw ValidationError("--scenario \(scenario) is not a scenario id")
        }
        guard let found = try await services.store.scenarios(ids: [id]).first else {
            throw ValidationError("scenario \(id.hexString) not found")
        }
        guard let author = try await services.store.users(ids: [found.authorId]).first else {
            throw ValidationError("the author of scenario \(id.hexString) does not exist")
        }
        let text: String
        do {
            text = try await services.stories.export(id, formatName: format, by: AccessPolicy(viewer: author))
        } catch let error as DomainError {
            throw ValidationError(error.description)
        }
        if let output {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            print("wrote \(output)")
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
    }
}

/// `story-server import`: a Twee 3, Twine 2 JSON or Twine 2 HTML file as a new, unpublished scenario.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Read a Twee 3, Twine 2 JSON or Twine 2 archive HTML file into a new unpublished scenario, as importScenario does.",
        discussion: "All of the file or, with the line at fault, nothing. The format comes from --format, else the file's extension (.twee/.tw, .json, .html).")

    @Argument(help: "The file to read.") var file: String
    @Option(help: "The admin who becomes the scenario's author.") var author: String
    @Option(help: "twee, json or html; from the file's extension when absent.") var format: String?

    func run() async throws {
        try await StartUp.withServices(label: "story-import", read(with:))
    }

    private func read(with services: Services) async throws {
        let url = URL(fileURLWithPath: file)
        guard let formatName = format ?? TwineFormat(fileExtension: url.pathExtension)?.rawValue else {
            throw ValidationError("cannot tell the format of \(file) from its extension: give --format twee, json or html")
        }
        let limit = TwineImportLimits.default.maxBytes
        guard let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int else {
            throw ValidationError("cannot read \(file)")
        }
        guard size <= limit else { throw ValidationError("\(file): the input is \(size) bytes, over the limit of \(limit)") }
        guard let text = String(data: try Data(contentsOf: url), encoding: .utf8) else {
            throw ValidationError("\(file): the input is not valid UTF-8")
        }
        guard let user = try await services.store.user(email: author) else {
            throw ValidationError("--author \(author): no such user")
        }
        do {
            let scenario = try await services.stories.importStory(formatName: formatName, content: text, by: AccessPolicy(viewer: user))
            print("imported \"\(scenario.title)\" as scenario \(scenario.id.hexString) (unpublished)")
        } catch let error as DomainError {
            throw ValidationError("\(file): \(error.description)")
        }
    }
}
