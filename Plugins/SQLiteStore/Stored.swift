import Foundation
import GRDB
import GRDBSQLite
import Protocols

/// How domain values are written to columns: ids as 24-character hex text, dates as UTC
/// milliseconds since 1970, JSON as compact text.
enum Stored {
    static func id(_ id: ObjectId) -> String { id.hexString }
    static func optionalId(_ id: ObjectId?) -> String? { id?.hexString }

    static func date(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func optionalDate(_ date: Date?) -> Int64? { date.map { Self.date($0) } }

    static func json(_ value: JSONValue) -> String { value.jsonString }

    /// A JSON array of ids, bound as one argument and read with `json_each(?)`, so that any number of
    /// ids makes a single statement.
    static func idList(_ ids: [ObjectId]) -> String {
        guard !ids.isEmpty else { return "[]" }
        // `["<hex>","<hex>"]`, written in place (a batch can hold hundreds of ids).
        return String(unsafeUninitializedCapacity: ids.count * 27 + 1) { buffer in
            var at = 0
            for id in ids {
                buffer[at] = at == 0 ? UInt8(ascii: "[") : UInt8(ascii: ",")
                buffer[at + 1] = UInt8(ascii: "\"")
                id.writeHex(to: UnsafeMutableBufferPointer(rebasing: buffer[(at + 2)...]))
                buffer[at + 26] = UInt8(ascii: "\"")
                at += 27
            }
            buffer[at] = UInt8(ascii: "]")
            return at + 1
        }
    }
}

/// `id IN (…)` for a list bound with ``Stored/idList(_:)``.
let inIdList = "IN (SELECT value FROM json_each(?))"

extension Row {
    func string(_ column: String) throws -> String { try decode(forColumn: column) }
    func optionalString(_ column: String) throws -> String? { try decode(forColumn: column) }
    func int(_ column: String) throws -> Int { try decode(forColumn: column) }
    func bool(_ column: String) throws -> Bool { try decode(forColumn: column) }
    func optionalDouble(_ column: String) throws -> Double? { try decode(forColumn: column) }

    func id(_ column: String) throws -> ObjectId {
        let text = try string(column)
        guard let id = ObjectId(text) else { throw StoreError.unavailable("corrupt id in column \(column)") }
        return id
    }

    func optionalId(_ column: String) throws -> ObjectId? {
        guard let text = try optionalString(column) else { return nil }
        guard let id = ObjectId(text) else { throw StoreError.unavailable("corrupt id in column \(column)") }
        return id
    }

    func date(_ column: String) throws -> Date {
        let ms: Int64 = try decode(forColumn: column)
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    func optionalDate(_ column: String) throws -> Date? {
        guard let ms: Int64 = try decode(forColumn: column) else { return nil }
        return Date(timeIntervalSince1970: Double(ms) / 1000)
    }

    func json(_ column: String) throws -> JSONValue {
        try Self.json(try string(column), column: column)
    }

    /// A nullable JSON column; `nil` for SQL `NULL`.
    func optionalJSON(_ column: String) throws -> JSONValue? {
        try optionalString(column).map { try Self.json($0, column: column) }
    }

    fileprivate static func json(_ text: String, column: String) throws -> JSONValue {
        // Most conditions, effects and metadata are empty: skip the decoder for them.
        if text == "{}" { return .emptyObject }
        if text == "[]" { return .emptyArray }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StoreError.unavailable("corrupt JSON in column \(column)")
        }
    }

    func enumValue<E: RawRepresentable>(_ type: E.Type, _ column: String) throws -> E where E.RawValue == String {
        let text = try string(column)
        guard let value = E(rawValue: text) else { throw StoreError.unavailable("unknown value in column \(column)") }
        return value
    }
}

extension Database {
    /// The rows of `sql`, each decoded as it is read: through the connection's cache of prepared
    /// statements (the SQL of each store method is fixed; lists of ids are one bound argument, see
    /// ``inIdList``), and from the cursor's row, which finds columns by name through an index built
    /// once per statement (a copied row lowercases every column name at every lookup).
    func decodedRows<T>(_ sql: String, arguments: StatementArguments, as decode: (Row) throws -> T) throws -> [T] {
        let cursor = try Row.fetchCursor(cachedStatement(sql: sql), arguments: arguments)
        var values: [T] = []
        while let row = try cursor.next() { values.append(try decode(row)) }
        return values
    }
}

/// An id column read straight from SQLite's text, without making a `String` of it first (a query
/// of a hundred choices reads three hundred ids).
struct StoredObjectId: DatabaseValueConvertible, StatementColumnConvertible {
    let id: ObjectId

    init(_ id: ObjectId) { self.id = id }

    init?(sqliteStatement: SQLiteStatement, index: CInt) {
        guard sqlite3_column_type(sqliteStatement, index) == SQLITE_TEXT, let text = sqlite3_column_text(sqliteStatement, index) else { return nil }
        let count = Int(sqlite3_column_bytes(sqliteStatement, index))
        guard let id = ObjectId(hexUTF8: UnsafeBufferPointer(start: text, count: count)) else { return nil }
        self.id = id
    }

    var databaseValue: DatabaseValue { id.hexString.databaseValue }

    static func fromDatabaseValue(_ dbValue: DatabaseValue) -> StoredObjectId? {
        String.fromDatabaseValue(dbValue).flatMap(ObjectId.init).map(StoredObjectId.init)
    }
}

/// Columns by position, for queries that list their columns (``Scene/selectedColumns``): no lookup
/// by name. `column` names the column in errors.
extension Row {
    func id(at index: Int, _ column: String) throws -> ObjectId {
        guard let id = try decode(StoredObjectId?.self, atIndex: index)?.id else {
            throw StoreError.unavailable("corrupt id in column \(column)")
        }
        return id
    }

    func optionalId(at index: Int, _ column: String) throws -> ObjectId? {
        if hasNull(atIndex: index) { return nil }
        return try id(at: index, column)
    }

    func string(at index: Int) throws -> String { try decode(String.self, atIndex: index) }
    func int(at index: Int) throws -> Int { try decode(Int.self, atIndex: index) }
    func bool(at index: Int) throws -> Bool { try decode(Bool.self, atIndex: index) }
    func optionalDouble(at index: Int) throws -> Double? { try decode(Double?.self, atIndex: index) }

    func date(at index: Int) throws -> Date {
        Date(timeIntervalSince1970: Double(try decode(Int64.self, atIndex: index)) / 1000)
    }

    func json(at index: Int, _ column: String) throws -> JSONValue {
        try Self.json(try string(at: index), column: column)
    }
}
