// swift-tools-version:6.1
import PackageDescription

/// A storage-agnostic plugin server for interactive stories.
///
/// `Protocols` holds the domain values and the ports. `Domain` holds the story rules and the access
/// policy, over the ports. `Host` is the server. Every adapter lives under `Plugins/` as its own
/// target and depends on `Protocols` only, and passes its port's conformance suite (a library
/// product, so that an adapter written elsewhere runs the same suite).
let package = Package(
    name: "story-server",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "story-server", targets: ["Host"]),
        .library(name: "Protocols", targets: ["Protocols"]),
        .library(name: "Domain", targets: ["Domain"]),
        .library(name: "StoreConformance", targets: ["StoreConformance"]),
        .library(name: "FileStorageConformance", targets: ["FileStorageConformance"]),
        .library(name: "GeneratorConformance", targets: ["GeneratorConformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/GraphQLSwift/Graphiti.git", from: "3.1.0"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL.git", from: "4.3.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.3.0"),
        // OTLP/HTTP only: the gRPC exporter would bring gRPC and its build time.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // MARK: Ports
        .target(name: "Protocols", path: "Sources/Protocols"),

        // MARK: Domain (the story rules and the access policy, over the ports only)
        .target(name: "Domain", dependencies: ["Protocols"], path: "Sources/Domain"),

        // MARK: Server
        .executableTarget(
            name: "Host",
            dependencies: [
                "Protocols", "Domain",
                "SQLiteStore", "MongoStore",
                "LocalStorage", "S3Storage", "CloudinaryStorage",
                "HuggingFace", "TTS", "MusicGen",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Graphiti", package: "Graphiti"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            path: "Sources/Host",
            // A nonisolated async function runs where its caller runs: otherwise each call hops to the
            // "generic" executor, which for a task on an event loop (EventLoopTaskExecutor) means a
            // look-up of the task's executor preference under a lock, every await.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]
        ),

        // MARK: Plugins (each depends on Protocols only, plus its own third-party library)
        .target(
            name: "SQLiteStore",
            dependencies: [
                "Protocols", "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Plugins/SQLiteStore"
        ),
        // SQLite's process-wide settings, whose C function (`sqlite3_config`) Swift cannot call.
        .systemLibrary(name: "CSQLiteConfig", path: "Plugins/CSQLiteConfig"),
        .systemLibrary(name: "CMongoC", path: "Plugins/CMongoC", pkgConfig: "libmongoc-1.0",
                       providers: [.apt(["libmongoc-dev"])]),
        .target(name: "MongoStore", dependencies: ["Protocols", "CMongoC"], path: "Plugins/MongoStore"),
        .target(name: "LocalStorage", dependencies: ["Protocols"], path: "Plugins/LocalStorage"),
        .target(
            name: "S3Storage",
            dependencies: [
                "Protocols",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Plugins/S3Storage"
        ),
        .target(
            name: "CloudinaryStorage",
            dependencies: [
                "Protocols",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Plugins/CloudinaryStorage"
        ),
        .target(
            name: "HuggingFace",
            dependencies: ["Protocols", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Plugins/HuggingFace"
        ),
        .systemLibrary(name: "CEspeakNG", path: "Plugins/CEspeakNG", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CLame", path: "Plugins/CLame", providers: [.apt(["libmp3lame-dev"])]),
        .target(name: "TTS", dependencies: ["Protocols", "CEspeakNG", "CLame"], path: "Plugins/TTS"),
        .target(name: "MusicGen", dependencies: ["Protocols"], path: "Plugins/MusicGen",
                resources: [.copy("worker")]),

        // MARK: Shared conformance suites (called by each adapter's tests with a factory)
        .target(name: "StoreConformance", dependencies: ["Protocols"], path: "Tests/StoreConformance"),
        .target(name: "FileStorageConformance", dependencies: ["Protocols"], path: "Tests/FileStorageConformance"),
        .target(name: "GeneratorConformance", dependencies: ["Protocols"], path: "Tests/GeneratorConformance"),

        // MARK: Tests
        .testTarget(name: "ProtocolsTests", dependencies: ["Protocols"]),
        .testTarget(name: "DomainTests", dependencies: ["Domain", "Protocols", "SQLiteStore", "MongoStore", "LocalStorage"]),

        // MARK: Benchmarks (bench/; run in release)
        .executableTarget(name: "EngineBench", dependencies: ["Domain", "Protocols"], path: "bench/engine"),
        .executableTarget(name: "StoreBench", dependencies: ["Protocols", "SQLiteStore"], path: "bench/store"),
        .executableTarget(
            name: "CacheBench", dependencies: [.product(name: "OrderedCollections", package: "swift-collections")], path: "bench/cache"),
        .testTarget(
            name: "SQLiteStoreTests",
            dependencies: [
                "SQLiteStore", "StoreConformance",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .testTarget(name: "MongoStoreTests", dependencies: ["MongoStore", "StoreConformance"]),
        .testTarget(name: "LocalStorageTests", dependencies: ["LocalStorage", "FileStorageConformance"]),
        .testTarget(name: "S3StorageTests", dependencies: ["S3Storage", "FileStorageConformance"]),
        .testTarget(name: "CloudinaryStorageTests", dependencies: ["CloudinaryStorage", "FileStorageConformance"]),
        .testTarget(name: "HuggingFaceTests", dependencies: ["HuggingFace", "GeneratorConformance"]),
        .testTarget(name: "TTSTests", dependencies: ["TTS", "GeneratorConformance"]),
        .testTarget(name: "MusicGenTests", dependencies: ["MusicGen", "GeneratorConformance"]),
        .testTarget(
            name: "HostTests",
            dependencies: [
                "Host", "Protocols", "Domain", "SQLiteStore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ]
        ),
    ]
)
