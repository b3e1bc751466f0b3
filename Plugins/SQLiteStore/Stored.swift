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

    /// The value of a JSON column's text. - Throws: `StoreError.unavailable` naming `column`.
    static func json(parsing text: String, column: String) throws -> JSONValue {
        // Most conditions, effects and metadata are empty: skip the decoder for them.
        if text == "{}" { return .emptyObject }
        if text == "[]" { return .emptyArray }
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StoreError.unavailable("corrupt JSON in column \(column)")
        }
    }

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

/// A `SELECT` of rows by a list of ids, written twice: with `= ?` for one id (most look-ups of a
/// request: the viewer, a scenario, its scenes), which spares SQLite the `json_each` table and the
/// JSON it parses at every run, and with ``inIdList`` for more. Kept in a `static let`: text
/// interpolated at every call cost an allocation, and the statement cache hashes it anyway.
struct SelectByIds: Sendable {
    private let one: String
    private let many: String

    /// - Parameter text: the statement, given the comparison its id column makes (`= ?` or `IN (…)`).
    init(_ text: (String) -> String) {
        one = text("= ?")
        many = text(inIdList)
    }

    /// The statement and its one argument for `ids` (not empty).
    func statement(for ids: [ObjectId]) -> (sql: String, text: String) {
        ids.count == 1 ? (one, Stored.id(ids[0])) : (many, Stored.idList(ids))
    }
}

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
        try Stored.json(parsing: try string(column), column: column)
    }

    /// A nullable JSON column; `nil` for SQL `NULL`.
    func optionalJSON(_ column: String) throws -> JSONValue? {
        try optionalString(column).map { try Stored.json(parsing: $0, column: column) }
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
