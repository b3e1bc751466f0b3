import CMongoC

/// libmongoc's process-wide set-up, done once before the first URI or pool is made.
///
/// `mongoc_cleanup()` is deliberately never called: it may only run once, after every
/// client is gone, which a library cannot know; the OS reclaims the rest at exit.
enum MongoRuntime {
    private static let initialized: Bool = {
        mongoc_init()
        // libmongoc logs every level to stdout/stderr by default, debug included; keep warnings and worse.
        mongoc_log_set_handler({ level, domain, message, _ in
            guard level.rawValue <= MONGOC_LOG_LEVEL_WARNING.rawValue else { return }
            mongoc_log_default_handler(level, domain, message, nil)
        }, nil)
        return true
    }()

    /// Initialises libmongoc on first use; cheap afterwards.
    static func ensureInitialized() {
        _ = initialized
    }
}
