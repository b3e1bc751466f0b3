/// The collections, named as the old Django/mongoengine server named them.
///
/// Layout (snake_case fields; references are ObjectIds; dates are BSON UTC datetimes):
/// - `users`: email, password (bcrypt), role, first_name, last_name, created_at, updated_at
/// - `scenarios`: title, description, author_id, scenes (scene ids in order of creation), is_published,
///   created_at, updated_at
/// - `scenes`: scenario_id, title, text, order, image_id, sound_id, music_id, choices (choice ids),
///   is_start_scene, is_end_scene, position `{x, y}`, created_at, updated_at
/// - `choices`: from_scene_id, to_scene_id, text, condition (embedded document), order, created_at
/// - `player_progress`: user_id, scenario_id, current_scene_id,
///   history `[{scene_id, choice_id, timestamp, metadata}]`, is_completed, completed_at, total_time_spent,
///   created_at, updated_at
/// - `assets`: type, name, filename, url, file_size, mime_type, metadata, uploaded_by, is_public,
///   created_at, updated_at
/// - `generation_jobs` (new, see ``GenerationJob/init(document:)``)
/// - `login_attempts` (new): `_id` (the key, a string), count, expires_at (end of the window; a TTL
///   index removes the document then)
///
/// `users` gains `token_version` (an integer; absent in the old server's documents, read as 0).
///
/// Optional references that are unset are absent from the document (as mongoengine left them), and
/// readers take `null` as absent too.
enum Collection {
    static let users = "users"
    static let scenarios = "scenarios"
    static let scenes = "scenes"
    static let choices = "choices"
    static let progress = "player_progress"
    static let assets = "assets"
    static let jobs = "generation_jobs"
    static let loginAttempts = "login_attempts"
}

/// An index to create at start-up; `createIndexes` is a no-op when an identical one exists.
struct IndexSpec: Sendable {
    var collection: String
    var keys: BSONFields
    var unique = false
    /// Makes it a TTL index: documents go when the date in the (single) key is this many seconds old.
    var expireAfterSeconds: Int32?

    /// The name MongoDB (and mongoengine) give by default: `field_1_other_-1`.
    var name: String {
        keys.fields.map { field in
            let direction: String = switch field.value {
            case .int32(let v): String(v)
            case .int64(let v): String(v)
            default: "1"
            }
            return "\(field.key)_\(direction)"
        }.joined(separator: "_")
    }

    /// The old server's indexes, plus those of the job queue.
    static let all: [IndexSpec] = [
        IndexSpec(collection: Collection.users, keys: ["email": .int32(1)], unique: true),
        IndexSpec(collection: Collection.users, keys: ["role": .int32(1)]),
        IndexSpec(collection: Collection.scenarios, keys: ["author_id": .int32(1)]),
        IndexSpec(collection: Collection.scenarios, keys: ["title": .int32(1)]),
        IndexSpec(collection: Collection.scenarios, keys: ["created_at": .int32(1)]),
        IndexSpec(collection: Collection.scenes, keys: ["scenario_id": .int32(1)]),
        IndexSpec(collection: Collection.scenes, keys: ["title": .int32(1)]),
        IndexSpec(collection: Collection.scenes, keys: ["order": .int32(1)]),
        IndexSpec(collection: Collection.choices, keys: ["from_scene_id": .int32(1)]),
        IndexSpec(collection: Collection.choices, keys: ["to_scene_id": .int32(1)]),
        IndexSpec(collection: Collection.choices, keys: ["text": .int32(1)]),
        IndexSpec(collection: Collection.progress, keys: ["user_id": .int32(1)]),
        IndexSpec(collection: Collection.progress, keys: ["scenario_id": .int32(1)]),
        IndexSpec(collection: Collection.progress, keys: ["current_scene_id": .int32(1)]),
        IndexSpec(collection: Collection.progress, keys: ["user_id": .int32(1), "scenario_id": .int32(1)]),
        IndexSpec(collection: Collection.assets, keys: ["type": .int32(1)]),
        IndexSpec(collection: Collection.assets, keys: ["name": .int32(1)]),
        IndexSpec(collection: Collection.assets, keys: ["uploaded_by": .int32(1)]),
        IndexSpec(collection: Collection.assets, keys: ["created_at": .int32(1)]),
        IndexSpec(collection: Collection.jobs, keys: ["status": .int32(1), "kind": .int32(1), "run_after": .int32(1)]),
        IndexSpec(collection: Collection.jobs, keys: ["target.scene_id": .int32(1)]),
        IndexSpec(collection: Collection.jobs, keys: ["requested_by": .int32(1)]),
        IndexSpec(collection: Collection.jobs, keys: ["created_at": .int32(1)]),
        IndexSpec(collection: Collection.loginAttempts, keys: ["expires_at": .int32(1)], expireAfterSeconds: 0),
    ]

    /// The `createIndexes` command for this index.
    var command: BSONFields {
        var index: BSONFields = ["key": .document(keys), "name": .string(name)]
        if unique { index["unique"] = .bool(true) }
        if let expireAfterSeconds { index["expireAfterSeconds"] = .int32(expireAfterSeconds) }
        return ["createIndexes": .string(collection), "indexes": .array([.document(index)])]
    }
}
