import Foundation
import GRDB
import GRDBSQLite
import Protocols

/// The columns of the row a statement is on, read by position straight from SQLite.
///
/// For the reads every request makes (users, scenarios, scenes, choices): GRDB's row cursor builds
/// a dictionary of lowercased column names each time a statement runs, and decodes each column
/// through its generic conversions; these reads list their columns (`selectedColumns`) and take
/// them in that order. A column that does not hold what its decoder expects (`NULL` where a value
/// must be, an id that is not 24 hex digits, JSON that does not parse) throws
/// `StoreError.unavailable` naming the column.
struct StatementColumns {
    let statement: SQLiteStatement

    private func isNull(_ index: CInt) -> Bool { sqlite3_column_type(statement, index) == SQLITE_NULL }

    private func name(_ index: CInt) -> String {
        sqlite3_column_name(statement, index).map { String(cString: $0) } ?? "#\(index)"
    }

    private func missing(_ index: CInt) -> StoreError {
        StoreError.unavailable("unexpected NULL in column \(name(index))")
    }

    func optionalString(_ index: CInt) -> String? {
        guard !isNull(index), let text = sqlite3_column_text(statement, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))), as: UTF8.self)
    }

    func string(_ index: CInt) throws -> String {
        guard let text = optionalString(index) else { throw missing(index) }
        return text
    }

    func int(_ index: CInt) throws -> Int {
        if isNull(index) { throw missing(index) }
        return Int(sqlite3_column_int64(statement, index))
    }

    func bool(_ index: CInt) throws -> Bool { try int(index) != 0 }

    func optionalDouble(_ index: CInt) -> Double? {
        isNull(index) ? nil : sqlite3_column_double(statement, index)
    }

    /// A date stored as UTC milliseconds (``Stored/date(_:)``).
    func date(_ index: CInt) throws -> Date {
        Date(timeIntervalSince1970: Double(try int(index)) / 1000)
    }

    func optionalDate(_ index: CInt) throws -> Date? {
        isNull(index) ? nil : try date(index)
    }

    /// An id stored as hex text, read from SQLite's bytes without a `String` in between.
    func optionalId(_ index: CInt) throws -> ObjectId? {
        if isNull(index) { return nil }
        guard sqlite3_column_type(statement, index) == SQLITE_TEXT, let text = sqlite3_column_text(statement, index),
            let id = ObjectId(hexUTF8: UnsafeBufferPointer(start: text, count: Int(sqlite3_column_bytes(statement, index))))
        else { throw StoreError.unavailable("corrupt id in column \(name(index))") }
        return id
    }

    func id(_ index: CInt) throws -> ObjectId {
        guard let id = try optionalId(index) else { throw missing(index) }
        return id
    }

    func json(_ index: CInt) throws -> JSONValue {
        try Stored.json(parsing: try string(index), column: name(index))
    }

    func enumValue<E: RawRepresentable>(_ type: E.Type, _ index: CInt) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: try string(index)) else {
            throw StoreError.unavailable("unknown value in column \(name(index))")
        }
        return value
    }
}

/// A value read from the columns a query lists, in the order it lists them.
protocol ColumnDecodable {
    /// The columns ``init(columns:)`` reads, in its order, for a `SELECT` list.
    static var selectedColumns: String { get }
    init(columns: StatementColumns) throws
}

/// Steps a statement, each row decoded from its ``StatementColumns``. GRDB's own bookkeeping of
/// a statement's execution (its observers, its errors) is kept: its `next()` is GRDB's.
private final class ColumnCursor<Element>: DatabaseCursor {
    let _statement: Statement
    var _isDone = false
    private let decode: (StatementColumns) throws -> Element

    init(_ statement: Statement, arguments: StatementArguments, decode: @escaping (StatementColumns) throws -> Element) throws {
        _statement = statement
        self.decode = decode
        // Resets the statement and binds the arguments, as GRDB's cursors do when they are made.
        try statement.setArguments(arguments)
    }

    /// Resets the statement and binds `text` as its one parameter, without copying it: the caller
    /// keeps `text` alive and clears the binding once done (``Database/columnRows(_:text:as:)``).
    init(_ statement: Statement, text: UnsafeBufferPointer<UInt8>, decode: @escaping (StatementColumns) throws -> Element) throws {
        _statement = statement
        self.decode = decode
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        guard sqlite3_bind_parameter_count(sqlite) == 1 else {
            throw StoreError.unavailable("a statement bound with one text has \(sqlite3_bind_parameter_count(sqlite)) parameters")
        }
        // SQLITE_STATIC: SQLite reads the bytes where they are (a null pointer would bind NULL).
        let start = text.baseAddress.map { UnsafeRawPointer($0) } ?? UnsafeRawPointer(("" as StaticString).utf8Start)
        let code = sqlite3_bind_text(sqlite, 1, start.assumingMemoryBound(to: CChar.self), CInt(text.count), nil)
        guard code == SQLITE_OK else { throw StoreError.unavailable("cannot bind a statement's argument (SQLite code \(code))") }
    }

    deinit {
        // As GRDB's cursors do: a cached statement is left reset (a failed step makes it fail again).
        sqlite3_reset(_statement.sqliteStatement)
    }

    func _element(sqliteStatement: SQLiteStatement) throws -> Element {
        try decode(StatementColumns(statement: sqliteStatement))
    }
}

extension Database {
    /// The rows of `sql` (whose `SELECT` list is `T.selectedColumns`), each decoded as it is read,
    /// through the connection's cache of prepared statements.
    func columnRows<T: ColumnDecodable>(_ sql: String, arguments: StatementArguments, as _: T.Type = T.self) throws -> [T] {
        let cursor = try ColumnCursor(cachedStatement(sql: sql), arguments: arguments, decode: T.init(columns:))
        var values: [T] = []
        try cursor.forEach { values.append($0) }
        return values
    }

    /// The rows of `sql`, whose one parameter is `text`, as ``columnRows(_:arguments:as:)`` reads
    /// them. The text is bound where it lies, for the time of the read: GRDB's arguments are an
    /// array of values checked against the statement's parameters, and SQLite copies their text,
    /// allocations at every look-up of a request (the viewer, a scenario, its scenes).
    func columnRows<T: ColumnDecodable>(_ sql: String, text: String, as _: T.Type = T.self) throws -> [T] {
        let statement = try cachedStatement(sql: sql)
        var text = text
        return try text.withUTF8 { bytes in
            defer {
                // The binding points into `text`, which is gone after this: reset and cleared first.
                sqlite3_reset(statement.sqliteStatement)
                sqlite3_clear_bindings(statement.sqliteStatement)
            }
            let cursor = try ColumnCursor(statement, text: bytes, decode: T.init(columns:))
            var values: [T] = []
            try cursor.forEach { values.append($0) }
            return values
        }
    }
}
