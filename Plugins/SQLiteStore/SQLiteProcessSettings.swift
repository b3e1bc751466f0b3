import CSQLiteConfig

/// SQLite's settings for the whole process, applied once, by the first store opened, before SQLite
/// opens its first connection (they cannot change after).
enum SQLiteProcessSettings {
    /// Whether SQLite's memory statistics are off. They are on by default, and then every allocation
    /// SQLite makes takes one process-wide mutex: two requests reading at once on two threads queued
    /// on it (four futex calls a request for the editor's query, each a sleep or a wake-up). Nothing
    /// here reads the statistics (`sqlite3_memory_used`, a soft heap limit).
    ///
    /// `false` when something in the process opened SQLite before the first store did (a test, or a
    /// tool linking GRDB): the store works the same, its reads only queue on that mutex.
    static let memoryStatisticsOff: Bool = story_sqlite_disable_memory_statistics() == SQLITE_OK
}
