import GRDB

/// The database schema, as named migrations. Add a new migration for every change; never edit one
/// that has shipped.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-story-schema") { db in
            for statement in v1 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v2-user-token-version") { db in
            for statement in v2 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v3-login-attempts") { db in
            for statement in v3 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v4-progress-scenario-fk") { db in
            for statement in v4 { try db.execute(sql: statement) }
        }
        migrator.registerMigration("v5-story-engine") { db in
            for statement in v5 { try db.execute(sql: statement) }
        }
        return migrator
    }

    /// The story engine's fields: a choice's effects, a scenario's declared variables and IFID, a
    /// progress's variables and, per step, the variables it left (where it changed them). Rows
    /// written before read as no effects, no declarations, no variables.
    static let v5: [String] = [
        "ALTER TABLE choices ADD COLUMN effects TEXT NOT NULL DEFAULT '[]'",
        "ALTER TABLE scenarios ADD COLUMN variables TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE scenarios ADD COLUMN ifid TEXT",
        "ALTER TABLE progress ADD COLUMN vars TEXT NOT NULL DEFAULT '{}'",
        "ALTER TABLE progress_history ADD COLUMN vars TEXT",
    ]

    /// Tables and the indexes of every lookup the API does.
    static let v1: [String] = [
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY NOT NULL,
            email TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            role TEXT NOT NULL,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX users_email_unique ON users(lower(email))",
        "CREATE INDEX users_created_at ON users(created_at, id)",

        """
        CREATE TABLE scenarios (
            id TEXT PRIMARY KEY NOT NULL,
            title TEXT NOT NULL,
            description TEXT NOT NULL,
            author_id TEXT NOT NULL,
            is_published INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX scenarios_created_at ON scenarios(created_at, id)",
        "CREATE INDEX scenarios_author ON scenarios(author_id, created_at)",
        "CREATE INDEX scenarios_published ON scenarios(is_published, created_at)",

        """
        CREATE TABLE scenes (
            id TEXT PRIMARY KEY NOT NULL,
            scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            "order" INTEGER NOT NULL,
            image_id TEXT,
            sound_id TEXT,
            music_id TEXT,
            is_start_scene INTEGER NOT NULL,
            is_end_scene INTEGER NOT NULL,
            position_x REAL,
            position_y REAL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        #"CREATE INDEX scenes_scenario_order ON scenes(scenario_id, "order", created_at)"#,
        "CREATE INDEX scenes_image ON scenes(image_id) WHERE image_id IS NOT NULL",
        "CREATE INDEX scenes_sound ON scenes(sound_id) WHERE sound_id IS NOT NULL",
        "CREATE INDEX scenes_music ON scenes(music_id) WHERE music_id IS NOT NULL",

        """
        CREATE TABLE choices (
            id TEXT PRIMARY KEY NOT NULL,
            from_scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
            to_scene_id TEXT NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            condition TEXT NOT NULL,
            "order" INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        )
        """,
        #"CREATE INDEX choices_from_scene ON choices(from_scene_id, "order", created_at)"#,
        "CREATE INDEX choices_to_scene ON choices(to_scene_id)",

        """
        CREATE TABLE progress (
            id TEXT PRIMARY KEY NOT NULL,
            user_id TEXT NOT NULL,
            scenario_id TEXT NOT NULL,
            current_scene_id TEXT NOT NULL,
            is_completed INTEGER NOT NULL,
            completed_at INTEGER,
            total_time_spent INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE UNIQUE INDEX progress_user_scenario ON progress(user_id, scenario_id)",
        "CREATE INDEX progress_scenario ON progress(scenario_id)",
        "CREATE INDEX progress_created_at ON progress(created_at, id)",
        """
        CREATE TABLE progress_history (
            progress_id TEXT NOT NULL REFERENCES progress(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            scene_id TEXT NOT NULL,
            choice_id TEXT,
            timestamp INTEGER NOT NULL,
            metadata TEXT NOT NULL,
            PRIMARY KEY (progress_id, position)
        ) WITHOUT ROWID
        """,

        """
        CREATE TABLE assets (
            id TEXT PRIMARY KEY NOT NULL,
            type TEXT NOT NULL,
            name TEXT NOT NULL,
            filename TEXT NOT NULL,
            url TEXT NOT NULL,
            file_size INTEGER NOT NULL,
            mime_type TEXT NOT NULL,
            metadata TEXT NOT NULL,
            uploaded_by TEXT,
            is_public INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX assets_created_at ON assets(created_at, id)",
        "CREATE INDEX assets_type ON assets(type, created_at)",
        "CREATE INDEX assets_uploaded_by ON assets(uploaded_by, created_at)",

        """
        CREATE TABLE generation_jobs (
            id TEXT PRIMARY KEY NOT NULL,
            kind TEXT NOT NULL,
            parameters TEXT NOT NULL,
            requested_by TEXT NOT NULL,
            target_scene_id TEXT,
            target_slot TEXT,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            max_attempts INTEGER NOT NULL,
            error_message TEXT,
            result_asset_id TEXT,
            progress REAL,
            lease_owner TEXT,
            lease_expires_at INTEGER,
            run_after INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        "CREATE INDEX generation_jobs_status_run_after ON generation_jobs(status, run_after)",
        "CREATE INDEX generation_jobs_status_lease ON generation_jobs(status, lease_expires_at)",
        "CREATE INDEX generation_jobs_target_scene ON generation_jobs(target_scene_id)",
        "CREATE INDEX generation_jobs_requested_by ON generation_jobs(requested_by, created_at)",
        "CREATE INDEX generation_jobs_created_at ON generation_jobs(created_at, id)",
    ]

    /// The version of a user's tokens (``User/tokenVersion``); existing users start at 0, which is what
    /// tokens without a version claim count as.
    static let v2: [String] = [
        "ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0",
    ]

    /// Login attempt counters, one row per key and window; rows whose window ended are pruned by
    /// every reservation (through the index on `expires_at`).
    static let v3: [String] = [
        """
        CREATE TABLE login_attempts (
            key TEXT PRIMARY KEY NOT NULL,
            count INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        "CREATE INDEX login_attempts_expires_at ON login_attempts(expires_at)",
    ]

    /// A progress record cannot outlive its scenario: `progress.scenario_id` becomes a foreign key
    /// (SQLite adds one only by rebuilding the table). Records whose scenario was already gone (left
    /// by a `createProgress` that raced a `deleteScenario`) are removed with their history. GRDB runs
    /// the migration with foreign keys off and checks them all before it commits.
    static let v4: [String] = [
        "DELETE FROM progress WHERE scenario_id NOT IN (SELECT id FROM scenarios)",
        "DELETE FROM progress_history WHERE progress_id NOT IN (SELECT id FROM progress)",
        """
        CREATE TABLE progress_v4 (
            id TEXT PRIMARY KEY NOT NULL,
            user_id TEXT NOT NULL,
            scenario_id TEXT NOT NULL CONSTRAINT progress_scenario_fk REFERENCES scenarios(id) ON DELETE CASCADE,
            current_scene_id TEXT NOT NULL,
            is_completed INTEGER NOT NULL,
            completed_at INTEGER,
            total_time_spent INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
        )
        """,
        """
        INSERT INTO progress_v4 (id, user_id, scenario_id, current_scene_id, is_completed, completed_at,
            total_time_spent, created_at, updated_at)
        SELECT id, user_id, scenario_id, current_scene_id, is_completed, completed_at, total_time_spent,
            created_at, updated_at FROM progress
        """,
        "DROP TABLE progress",
        "ALTER TABLE progress_v4 RENAME TO progress",
        "CREATE UNIQUE INDEX progress_user_scenario ON progress(user_id, scenario_id)",
        "CREATE INDEX progress_scenario ON progress(scenario_id)",
        "CREATE INDEX progress_created_at ON progress(created_at, id)",
    ]
}
