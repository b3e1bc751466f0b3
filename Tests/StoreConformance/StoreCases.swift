import Protocols

/// `StoryStore` itself: reachability.
enum StoreCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("ping answers on an open store") { store in
            try await store.ping()
        },
        StoreConformanceCase("a fresh store is empty") { store in
            try expectEqual(try await store.allUsers().count, 0, "users")
            try expectEqual(try await store.scenarios(.all).count, 0, "scenarios")
            try expectEqual(try await store.progress(.all).count, 0, "progress")
            try expectEqual(try await store.assets(AssetFilter()).count, 0, "assets")
            try expectEqual(try await store.jobs(JobFilter()).count, 0, "jobs")
        },
    ]
}
