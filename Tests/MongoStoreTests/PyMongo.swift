import Foundation
import Protocols

/// The Python side of the compatibility tests: writes the old layout and reads documents back with
/// pymongo, through `scripts/mongo/*.py` in the test virtualenv.
enum PyMongo {
    /// What `seed_old_layout.py` wrote.
    struct Seed: Decodable, SeedIds {
        var database: String
        var password: String
        var password_hash: String
        var users: [String: String]
        var emails: [String: String]
        var scenario: String
        var scenes: [String]
        var choices: [String: String]
        var asset: String
        var progress: String
    }

    /// Seeds a story in the old server's layout into `database`.
    static func seedOldLayout(database: String) throws -> Seed {
        let data = try MongoTestEnvironment.runPython(
            "scripts/mongo/seed_old_layout.py", [try MongoTestEnvironment.requireURI(), database])
        return try JSONDecoder().decode(Seed.self, from: data)
    }

    /// What `seed_odd_documents.py` wrote (hex ids).
    struct OddSeed: Decodable, SeedIds {
        var author: String
        var player: String
        var scenario: String
        var other: String
        var null_choices: String
        var no_choices: String
        var null_history: String
        var legacy_history: String
        var asset: String
    }

    /// Seeds documents old or hand-edited data may hold (null arrays, non-ObjectId ids) into `database`.
    static func seedOddDocuments(database: String) throws -> OddSeed {
        let data = try MongoTestEnvironment.runPython(
            "scripts/mongo/seed_odd_documents.py", [try MongoTestEnvironment.requireURI(), database])
        return try JSONDecoder().decode(OddSeed.self, from: data)
    }

    /// Every document of `database`, by collection, as pymongo reads them (canonical Extended JSON);
    /// on the test server unless `uri` names another.
    static func dump(database: String, uri: String? = nil) throws -> [String: [[String: Any]]] {
        let data = try MongoTestEnvironment.runPython(
            "scripts/mongo/dump_collections.py", [try uri ?? MongoTestEnvironment.requireURI(), database])
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]] else {
            throw MongoTestError("dump_collections.py printed something else than collections of documents")
        }
        return object
    }
}

/// The BSON type of a value in canonical Extended JSON, as MongoDB names them.
func bsonType(_ value: Any?) -> String {
    switch value {
    case nil: return "missing"
    case is NSNull: return "null"
    case let dict as [String: Any]:
        if dict["$oid"] != nil { return "objectId" }
        if dict["$date"] != nil { return "date" }
        if dict["$numberInt"] != nil { return "int" }
        if dict["$numberLong"] != nil { return "long" }
        if dict["$numberDouble"] != nil { return "double" }
        return "object"
    case is [Any]: return "array"
    case is String: return "string"
    // Canonical Extended JSON wraps every number, so a bare JSON number can only be a boolean.
    case is NSNumber: return "bool"
    default: return "unknown"
    }
}

/// The hex of an `{"$oid": …}` value.
func oid(_ value: Any?) -> String? {
    (value as? [String: Any])?["$oid"] as? String
}

/// The hex ids of an array of `{"$oid": …}`.
func oids(_ value: Any?) -> [String] {
    (value as? [Any])?.compactMap(oid) ?? []
}

extension Array where Element == [String: Any] {
    /// The document whose `_id` is `id`.
    func document(_ id: ObjectId) -> [String: Any]? {
        first { oid($0["_id"]) == id.hexString }
    }
}

/// What a seed script prints holds ids as hex text.
protocol SeedIds {}

extension SeedIds {
    /// The ObjectId of a hex id the seed script printed.
    func id(_ hex: String) throws -> ObjectId {
        guard let id = ObjectId(hex) else { throw MongoTestError("bad id \(hex) from the seed script") }
        return id
    }
}
