import ArgumentParser
import Foundation
import Graphiti
import GraphQL
import Logging
import NIOCore
import ServiceLifecycle

/// `story-server`: serves the API (default), prints the schema, creates an admin, runs workers.
@main
struct StoryServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "story-server",
        abstract: "A GraphQL backend for interactive stories.",
        subcommands: [ServeCommand.self, SchemaCommand.self, CreateAdminCommand.self, WorkerCommand.self, GCCommand.self, MigrateDataCommand.self,
                      ExportCommand.self, ImportCommand.self],
        defaultSubcommand: ServeCommand.self)
}

/// Reads the environment (and `.env`) once, into typed settings.
enum StartUp {
    static func settings() async throws -> ServerSettings {
        let settings: ServerSettings
        do {
            settings = try ServerSettings(try await EnvironmentSettings.load())
        } catch {
            throw ValidationError("configuration error: \(error)")
        }
        // Before any logger is made: swift-log's handler is chosen once per process.
        let json = settings.logFormat == .json
        LoggingSystem.bootstrap { label in json ? JSONLogHandler(label: label) as any LogHandler : TextLogHandler(label: label) }
        return settings
    }

    /// Runs `body` with the services of the configured settings, and closes the store after it,
    /// whether it returns or throws.
    static func withServices(label: String, _ body: (Services) async throws -> Void) async throws {
        let services = try await services(try await settings(), logger: Logger(label: label))
        do {
            try await body(services)
        } catch {
            try? await services.store.close()
            throw error
        }
        try await services.store.close()
    }

    static func services(_ settings: ServerSettings, logger: Logger) async throws -> Services {
        do {
            return try await ServiceAssembly.make(settings: settings, logger: logger)
        } catch {
            throw ValidationError("start-up failed: \(error)")
        }
    }
}

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Serve the API (the default).")

    func run() async throws {
        let settings = try await StartUp.settings()
        var logger = Logger(label: "story-server")
        logger.logLevel = settings.debug ? .debug : .info
        if settings.secretKeyIsEphemeral {
            logger.warning("SECRET_KEY is not set: using a random key (DEBUG); tokens will not survive a restart")
        }
        do { try settings.uploads.checkSpoolDirectory() } catch { throw ValidationError("configuration error: \(error)") }
        let services = try await StartUp.services(settings, logger: logger)
        if let email = settings.adminEmail, let password = settings.adminPassword {
            let outcome = try await AdminBootstrap.ensure(email: email, password: password, services: services)
            logger.info("ADMIN_EMAIL: \(outcome)")
        }
        let banner = "serving on http://\(settings.host):\(settings.port)/graphql/ (store: \(settings.databaseType.rawValue), storage: \(settings.storageType))"
        let app = try StoryApplication.make(services: services) { [logger] _ in logger.info("\(banner)") }
        do {
            try await app.runService()
        } catch let error as IOError where error.errnoCode == EADDRINUSE {
            try? await services.store.close()
            throw ValidationError("PORT \(settings.port) is already in use (HOST \(settings.host)); stop the other server or set PORT")
        } catch let error as IOError where error.errnoCode == EADDRNOTAVAIL {
            try? await services.store.close()
            throw ValidationError("HOST \(settings.host) is not an address of this machine (PORT \(settings.port))")
        }
        try await services.store.close()
    }
}

struct SchemaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "schema", abstract: "Print the GraphQL schema (SDL).")

    func run() async throws {
        print(printSchema(schema: try APISchema.make().schema))
    }
}

struct CreateAdminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create-admin", abstract: "Create an admin, or make an existing user admin.")

    @Option(help: "The admin's email.") var email: String
    @Option(help: "The admin's password (at least 8 characters).") var password: String

    func run() async throws {
        let settings = try await StartUp.settings()
        let services = try await StartUp.services(settings, logger: Logger(label: "story-server"))
        do {
            print(try await AdminBootstrap.ensure(email: email, password: password, services: services))
        } catch let error as APIError {
            throw ValidationError(error.message)
        }
        try await services.store.close()
    }
}

struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker", abstract: "Run generation workers only (e.g. on a GPU machine), sharing the server's queue.")

    func run() async throws {
        let settings = try await StartUp.settings()
        let logger = Logger(label: "story-worker")
        let services = try await StartUp.services(settings, logger: logger)
        guard let generation = services.generation, !generation.availableKinds.isEmpty else {
            throw ValidationError("no generation provider is configured (IMAGE_PROVIDER, TTS_PROVIDER, MUSIC_PROVIDER)")
        }
        // A worker machine is set up for the kinds it names: a kind it cannot run is a configuration error.
        if let (kind, reason) = generation.unservedWorkerKinds.first {
            throw ValidationError("configuration error: GENERATION_WORKER_KINDS names \(kind.rawValue), but \(reason)")
        }
        let workers = GenerationWorkers(generation: generation, store: services.store, storage: services.storage, logger: logger)
        let group = ServiceGroup(services: [workers], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        try await group.run()
        try await services.store.close()
    }
}

struct GCCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc", abstract: "Delete stored files that no asset references (left behind by failed deletions).")

    @Flag(help: "List the files without deleting them.") var dryRun = false
    @Option(help: "Seconds a file must stay unreferenced before it is deleted (protects uploads in progress).")
    var graceSeconds = 60

    func run() async throws {
        let settings = try await StartUp.settings()
        let services = try await StartUp.services(settings, logger: Logger(label: "story-gc"))
        let removed = try await FileCollector(store: services.store, storage: services.storage)
            .collect(dryRun: dryRun, grace: .seconds(max(0, graceSeconds)))
        for key in removed { print(dryRun ? "would delete \(key)" : "deleted \(key)") }
        print("\(removed.count) unreferenced files")
        try await services.store.close()
    }
}
