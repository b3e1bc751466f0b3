import Foundation
import GraphQL
import Protocols

/// JSON text written straight into bytes, in the form Foundation's `JSONEncoder` writes it
/// (`/` escaped as `\/`, control characters as `\u00XX`, numbers as their shortest `Double`
/// text without a trailing `.0`), but keeping the order in which members are written: GraphQL
/// answers keys in the order of the selection, which `JSONEncoder` does not keep.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    /// Whether `/` is written `\/` (as `JSONEncoder` does by default, and GraphQL responses do).
    var escapesSlashes = true

    init(capacity: Int = 4096) {
        bytes.reserveCapacity(capacity)
    }

    /// How many bytes are written so far: a mark that ``truncate(to:)`` goes back to.
    var count: Int { bytes.count }

    /// Drops what was written after `mark`.
    mutating func truncate(to mark: Int) {
        bytes.removeSubrange(mark...)
    }

    /// Bytes that are JSON already (punctuation, pre-encoded keys).
    mutating func raw(_ text: [UInt8]) { bytes.append(contentsOf: text) }

    mutating func raw(_ byte: UInt8) { bytes.append(byte) }

    mutating func null() { bytes.append(contentsOf: Self.nullBytes) }

    mutating func bool(_ value: Bool) { bytes.append(contentsOf: value ? Self.trueBytes : Self.falseBytes) }

    mutating func int(_ value: Int) { bytes.append(contentsOf: String(value).utf8) }

    /// A number as `JSONEncoder` writes a `Double`: `3` for 3.0, `1e+20`, `0.1`.
    mutating func double(_ value: Double) {
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    /// A JSON string, escaped.
    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        let escapesSlashes = self.escapesSlashes
        value.withUTF8 { utf8 in
            var runStart = 0
            for index in 0..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (byte == UInt8(ascii: "/") && escapesSlashes) else { continue }
                if runStart < index { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index])) }
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(Self.hexDigits[Int(byte >> 4)])
                    bytes.append(Self.hexDigits[Int(byte & 0xF)])
                }
            }
            if runStart < utf8.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An ObjectId as a string of its 24 hex characters (nothing to escape), without a `String`.
    mutating func objectIdHex(_ id: ObjectId) {
        bytes.append(UInt8(ascii: "\""))
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 24))
        bytes.withUnsafeMutableBufferPointer { id.writeHex(to: UnsafeMutableBufferPointer(rebasing: $0[start...])) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A Relay id (``NodeID``) as a string, `/` escaped as ``string(_:)`` would, without a `String`.
    mutating func nodeID(_ prefix: NodeID.Prefix, _ id: ObjectId) {
        bytes.append(UInt8(ascii: "\""))
        let escapesSlashes = self.escapesSlashes
        NodeID.withBase64(prefix, id) { base64 in
            guard escapesSlashes, base64.contains(UInt8(ascii: "/")) else { return bytes.append(contentsOf: base64) }
            for byte in base64 {
                if byte == UInt8(ascii: "/") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A `DateTime` as a string, as ``DateTime/format(_:)`` writes it (nothing to escape).
    mutating func dateTime(_ date: Date) {
        let written: Void? = DateTime.withUTF8(date) { text in
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: text)
            bytes.append(UInt8(ascii: "\""))
        }
        if written == nil { string(DateTime.referenceFormat(date)) }
    }

    /// `"key":`, escaped, for keys known when a plan is built.
    static func memberKey(_ key: String) -> [UInt8] {
        var writer = JSONWriter(capacity: key.utf8.count + 3)
        writer.string(key)
        writer.raw(UInt8(ascii: ":"))
        return writer.bytes
    }

    /// A GraphQL `Map`, dictionaries in their order, `undefined` members left out.
    mutating func map(_ value: Map) {
        switch value {
        case .undefined, .null: null()
        case .bool(let b): bool(b)
        case .number(let n): double(n.doubleValue)
        case .string(let s): string(s)
        case .array(let items):
            raw(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                map(item)
            }
            raw(UInt8(ascii: "]"))
        case .dictionary(let members):
            raw(UInt8(ascii: "{"))
            var first = true
            for (key, member) in members where !member.isUndefined {
                if !first { raw(UInt8(ascii: ",")) }
                first = false
                string(key)
                raw(UInt8(ascii: ":"))
                map(member)
            }
            raw(UInt8(ascii: "}"))
        }
    }

    private static let nullBytes = Array("null".utf8)
    private static let trueBytes = Array("true".utf8)
    private static let falseBytes = Array("false".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)
}
