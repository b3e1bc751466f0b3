#include <sqlite3.h>

/// Turns off SQLite's memory statistics for the whole process: `sqlite3_config`, which is variadic
/// and cannot be called from Swift, with `SQLITE_CONFIG_MEMSTATUS` 0. With statistics on, every
/// allocation SQLite makes takes one process-wide mutex, and readers on different threads queue
/// on it. It only takes effect before SQLite is initialised (before the process's first
/// connection): it returns `SQLITE_OK` then, `SQLITE_MISUSE` after.
static inline int story_sqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
