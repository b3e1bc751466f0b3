import CMongoC
import Foundation
import Protocols

/// A `bson_t` owned by Swift: made from ``BSONFields`` or handed out by the driver, and
/// destroyed when the last reference goes (`deinit`), never later.
///
/// Not thread-safe; lives within one job on the driver's threads.
///
/// The C document is reachable only through ``withPointer(_:)``: in optimised builds Swift may release
/// an object right after its last use, so a pointer read from it and then passed to C could outlive
/// it. Lending the pointer inside `withExtendedLifetime` keeps the document alive until the C call
/// has returned.
final class BSONDocument {
    /// The C document. Valid as long as this object lives; only lent out by `withPointer`.
    private let pointer: OpaquePointer
    /// Whether `pointer` is storage this object allocated (reply documents) rather than `bson_new`'s.
    private let ownsStorage: Bool

    /// An empty document.
    init() {
        pointer = bson_new()
        ownsStorage = false
    }

    /// A document holding `fields`.
    convenience init(_ fields: BSONFields) {
        self.init()
        withPointer { doc in
            for field in fields.fields {
                Self.append(field.value, key: field.key, to: doc)
            }
        }
    }

    private init(storage: OpaquePointer) {
        pointer = storage
        ownsStorage = true
    }

    /// Initialised storage for a driver "reply" out-parameter, which the driver (re)initialises.
    static func reply() -> BSONDocument {
        // bson_t is 128 bytes, 128-aligned; Swift sees it as opaque, so allocate it raw.
        let storage = OpaquePointer(UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128))
        bson_init(storage)
        return BSONDocument(storage: storage)
    }

    deinit {
        bson_destroy(pointer)
        if ownsStorage { UnsafeMutableRawPointer(pointer).deallocate() }
    }

    /// The document as Swift values.
    var fields: BSONFields {
        withPointer { Self.read($0) }
    }

    /// Lends the C document to `body`, keeping this object (and so the document) alive until `body`
    /// returns. The pointer must not escape `body`.
    func withPointer<T, E: Error>(_ body: (OpaquePointer) throws(E) -> T) throws(E) -> T {
        defer { withExtendedLifetime(self) {} }
        return try body(pointer)
    }

    // MARK: Building

    private static func append(_ value: BSONValue, key: String, to doc: OpaquePointer) {
        switch value {
        case .double(let d):
            bson_append_double(doc, key, -1, d)
        case .string(let s):
            _ = s.withCString { bson_append_utf8(doc, key, -1, $0, Int32(s.utf8.count)) }
        case .document(let fields):
            BSONDocument(fields).withPointer { child in _ = bson_append_document(doc, key, -1, child) }
        case .array(let items):
            BSONDocument().withPointer { child in
                for (index, item) in items.enumerated() {
                    append(item, key: String(index), to: child)
                }
                _ = bson_append_array(doc, key, -1, child)
            }
        case .objectId(let id):
            var oid = bson_oid_t()
            withUnsafeMutableBytes(of: &oid.bytes) { raw in
                for i in 0..<12 { raw[i] = id.bytes[i] }
            }
            bson_append_oid(doc, key, -1, &oid)
        case .bool(let b):
            bson_append_bool(doc, key, -1, b)
        case .date(let date):
            bson_append_date_time(doc, key, -1, Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        case .null:
            bson_append_null(doc, key, -1)
        case .int32(let v):
            bson_append_int32(doc, key, -1, v)
        case .int64(let v):
            bson_append_int64(doc, key, -1, v)
        case .regex(let pattern, let options):
            bson_append_regex(doc, key, -1, pattern, options)
        case .unsupported:
            bson_append_null(doc, key, -1)
        }
    }

    // MARK: Reading

    /// Reads every field of a C document.
    static func read(_ doc: OpaquePointer) -> BSONFields {
        withIterator { iter in
            guard bson_iter_init(iter, doc) else { return BSONFields() }
            return readFields(iter)
        }
    }

    /// Lends an iterator. `bson_iter_t` is 128-aligned, which Swift imports as opaque, so it lives
    /// in raw storage freed on return.
    private static func withIterator<T>(_ body: (OpaquePointer) -> T) -> T {
        let storage = UnsafeMutableRawPointer.allocate(byteCount: 128, alignment: 128)
        defer { storage.deallocate() }
        return body(OpaquePointer(storage))
    }

    private static func readFields(_ iter: OpaquePointer) -> BSONFields {
        var out: [BSONFields.Field] = []
        while bson_iter_next(iter) {
            let key = String(cString: bson_iter_key(iter))
            out.append(BSONFields.Field(key: key, value: readValue(iter)))
        }
        return BSONFields(out)
    }

    private static func readValue(_ iter: OpaquePointer) -> BSONValue {
        let type = bson_iter_type(iter)
        switch type {
        case BSON_TYPE_DOUBLE:
            return .double(bson_iter_double(iter))
        case BSON_TYPE_UTF8:
            var length: UInt32 = 0
            guard let text = bson_iter_utf8(iter, &length) else { return .string("") }
            return .string(String(decoding: UnsafeRawBufferPointer(start: text, count: Int(length)), as: UTF8.self))
        case BSON_TYPE_DOCUMENT:
            return withIterator { child in
                guard bson_iter_recurse(iter, child) else { return .document(BSONFields()) }
                return .document(readFields(child))
            }
        case BSON_TYPE_ARRAY:
            return withIterator { child in
                guard bson_iter_recurse(iter, child) else { return .array([]) }
                return .array(readFields(child).fields.map(\.value))
            }
        case BSON_TYPE_OID:
            guard let oid = bson_iter_oid(iter) else { return .null }
            let bytes = withUnsafeBytes(of: oid.pointee.bytes) { Array($0) }
            return ObjectId(bytes: bytes).map(BSONValue.objectId) ?? .null
        case BSON_TYPE_BOOL:
            return .bool(bson_iter_bool(iter))
        case BSON_TYPE_DATE_TIME:
            return .date(Date(timeIntervalSince1970: Double(bson_iter_date_time(iter)) / 1000))
        case BSON_TYPE_NULL, BSON_TYPE_UNDEFINED:
            return .null
        case BSON_TYPE_INT32:
            return .int32(bson_iter_int32(iter))
        case BSON_TYPE_INT64:
            return .int64(bson_iter_int64(iter))
        case BSON_TYPE_DECIMAL128:
            var value = bson_decimal128_t()
            guard bson_iter_decimal128(iter, &value) else { return .null }
            var buffer = [CChar](repeating: 0, count: 64)
            bson_decimal128_to_string(&value, &buffer)
            let text = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            return Double(text).map(BSONValue.double) ?? .null
        case BSON_TYPE_REGEX:
            var options: UnsafePointer<CChar>?
            guard let pattern = bson_iter_regex(iter, &options) else { return .null }
            return .regex(pattern: String(cString: pattern), options: options.map { String(cString: $0) } ?? "")
        default:
            return .unsupported(type.rawValue)
        }
    }
}
