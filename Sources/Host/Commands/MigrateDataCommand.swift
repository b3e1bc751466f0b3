import ArgumentParser
import Foundation
import Protocols

/// `story-server migrate-data`: copies the stories of one store (and, on request, their files) to another.
struct MigrateDataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate-data",
        abstract: "Copy every user, story and progress record to another store, and on request every file to another storage.",
        discussion: """
            Ids, password hashes and token versions are kept, so logins and tokens keep working on the target. \
            Generation jobs and login attempts are not copied. Run it again to resume an interrupted run; a run \
            after a complete one reports "nothing to do". A target holding an id, an email or a file with other \
            content is reported and nothing is written. Stores: sqlite:PATH, mongodb://… (the URI's database, \
            else MONGODB_DB_NAME). Storages: local:PATH (MEDIA_URL, PUBLIC_BASE_URL), s3 (AWS_*), cloudinary (CLOUDINARY_*).
            """)

    @Option(help: "The store to read: sqlite:PATH or mongodb://….") var from: String
    @Option(help: "The store to write: sqlite:PATH or mongodb://….") var to: String
    @Option(help: "The storage holding the files: local:PATH, s3 or cloudinary.") var mediaFrom: String?
    @Option(help: "The storage to copy the files to: local:PATH, s3 or cloudinary.") var mediaTo: String?

    func run() async throws {
        let environment = try await EnvironmentSettings.load()
        // Errors print as `Error: <description>` (a MigrationError lists every conflict) and exit 1.
        let report = try await Self.migrate(
            from: from, to: to, mediaFrom: mediaFrom, mediaTo: mediaTo, environment: environment, observer: ConsoleProgress())
        print(report.summary)
    }

    /// Opens the endpoints, runs the migration, and closes both stores.
    static func migrate(
        from: String, to: String, mediaFrom: String?, mediaTo: String?, environment: any PluginSettings,
        observer: any MigrationObserver
    ) async throws -> MigrationReport {
        let sourceEndpoint = try StoreEndpoint(parsing: from, option: "--from")
        let targetEndpoint = try StoreEndpoint(parsing: to, option: "--to")
        guard sourceEndpoint != targetEndpoint else { throw MigrationError.sameEndpoint("store (\(sourceEndpoint))") }
        var media: MediaTransfer?
        switch (mediaFrom, mediaTo) {
        case (nil, nil): break
        case (let mediaFrom?, let mediaTo?):
            let source = try StorageEndpoint(parsing: mediaFrom, option: "--media-from")
            let target = try StorageEndpoint(parsing: mediaTo, option: "--media-to")
            guard source != target else { throw MigrationError.sameEndpoint("storage (\(source))") }
            media = MediaTransfer(
                source: try await source.open(environment: environment), target: try await target.open(environment: environment))
        default: throw MigrationError.incompleteMedia
        }
        let source = try await sourceEndpoint.open(environment: environment)
        let target: any StoryStore
        do {
            target = try await targetEndpoint.open(environment: environment)
        } catch {
            try? await source.close()
            throw error
        }
        do {
            let report = try await DataMigration(source: source, target: target, media: media, observer: observer).run()
            try? await source.close()
            try? await target.close()
            return report
        } catch {
            try? await source.close()
            try? await target.close()
            throw error
        }
    }
}
