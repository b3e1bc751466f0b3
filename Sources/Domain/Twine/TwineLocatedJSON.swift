import Foundation
import Protocols

/// A JSON value with the line it starts on, so that import errors can name a line.
struct TwineLocatedJSON: Sendable {
    indirect enum Node: Sendable {
        case scalar(JSONValue)
        case array([TwineLocatedJSON])
        /// Members in text order; a later duplicate key wins in ``value``.
        case object([(key: String, value: TwineLocatedJSON)])
    }

    var node: Node
    /// 1-based line of the value's first character.
    var line: Int

    /// The plain value.
    var value: JSONValue {
        switch node {
        case .scalar(let v): return v
        case .array(let items): return .array(items.map(\.value))
        case .object(let members):
            var out: [String: JSONValue] = [:]
            for member in members { out[member.key] = member.value.value }
            return .object(out)
        }
    }

    /// The member named `key` when this is an object (the last one of that name).
    subscript(key: String) -> TwineLocatedJSON? {
        guard case .object(let members) = node else { return nil }
        return members.last { $0.key == key }?.value
    }

    var isObject: Bool { if case .object = node { true } else { false } }
    var arrayItems: [TwineLocatedJSON]? { if case .array(let items) = node { items } else { nil } }
    var stringValue: String? { value.stringValue }
}

/// Why a JSON text does not parse, and where.
struct TwineLocatedJSONError: Error {
    var message: String
    var line: Int
}

/// A strict JSON parser (RFC 8259) that keeps lines; nesting is bounded.
struct TwineLocatedJSONParser {
    private let bytes: [UInt8]
    private var index = 0
    private var line: Int
    private let maxDepth = 256

    /// Parses `text`, whose first line is line `firstLine` of the input.
    static func parse(_ text: Substring, firstLine: Int = 1) throws(TwineLocatedJSONError) -> TwineLocatedJSON {
        var parser = TwineLocatedJSONParser(bytes: Array(text.utf8), line: firstLine)
        return try parser.parseDocument()
    }

    static func parse(_ text: String, firstLine: Int = 1) throws(TwineLocatedJSONError) -> TwineLocatedJSON {
        try parse(text[...], firstLine: firstLine)
    }

    private init(bytes: [UInt8], line: Int) {
        self.bytes = bytes
        self.line = line
    }

    private mutating func parseDocument() throws(TwineLocatedJSONError) -> TwineLocatedJSON {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard index == bytes.count else { throw fail("unexpected text after the JSON value") }
        return value
    }

    private func fail(_ message: String) -> TwineLocatedJSONError { TwineLocatedJSONError(message: message, line: line) }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x0A: line += 1; index += 1
            case 0x20, 0x09, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func parseValue(depth: Int) throws(TwineLocatedJSONError) -> TwineLocatedJSON {
        guard depth < maxDepth else { throw fail("JSON nested deeper than \(maxDepth) levels") }
        guard index < bytes.count else { throw fail("unexpected end of JSON") }
        let start = line
        switch bytes[index] {
        case UInt8(ascii: "{"): return TwineLocatedJSON(node: try parseObject(depth: depth), line: start)
        case UInt8(ascii: "["): return TwineLocatedJSON(node: try parseArray(depth: depth), line: start)
        case UInt8(ascii: "\""): return TwineLocatedJSON(node: .scalar(.string(try parseString())), line: start)
        case UInt8(ascii: "t"): try literal("true"); return TwineLocatedJSON(node: .scalar(.bool(true)), line: start)
        case UInt8(ascii: "f"): try literal("false"); return TwineLocatedJSON(node: .scalar(.bool(false)), line: start)
        case UInt8(ascii: "n"): try literal("null"); return TwineLocatedJSON(node: .scalar(.null), line: start)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return TwineLocatedJSON(node: .scalar(try parseNumber()), line: start)
        default:
            throw fail("unexpected character '\(Character(Unicode.Scalar(bytes[index])))' in JSON")
        }
    }

    private mutating func literal(_ word: String) throws(TwineLocatedJSONError) {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
        else { throw fail("invalid JSON literal") }
        index += expected.count
    }

    private mutating func parseObject(depth: Int) throws(TwineLocatedJSONError) -> TwineLocatedJSON.Node {
        index += 1
        var members: [(key: String, value: TwineLocatedJSON)] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw fail("expected a quoted key") }
            let key = try parseString()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw fail("expected ':' after a key") }
            index += 1
            skipWhitespace()
            members.append((key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated JSON object") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
            throw fail("expected ',' or '}' in a JSON object")
        }
    }

    private mutating func parseArray(depth: Int) throws(TwineLocatedJSONError) -> TwineLocatedJSON.Node {
        index += 1
        var items: [TwineLocatedJSON] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            guard index < bytes.count else { throw fail("unterminated JSON array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
            throw fail("expected ',' or ']' in a JSON array")
        }
    }

    private mutating func parseString() throws(TwineLocatedJSONError) -> String {
        index += 1
        var out: [UInt8] = []
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return String(decoding: out, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { throw fail("unterminated JSON string") }
                let escaped = bytes[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw fail("unpaired surrogate in a JSON string") }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw fail("unpaired surrogate in a JSON string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("unpaired surrogate in a JSON string")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw fail("invalid \\u escape") }
                    out.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw fail("invalid escape in a JSON string")
                }
            case 0x00..<0x20:
                throw fail("unescaped control character in a JSON string")
            default:
                out.append(byte)
                index += 1
            }
        }
        throw fail("unterminated JSON string")
    }

    private mutating func hex4() throws(TwineLocatedJSONError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw fail("invalid \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw fail("invalid \\u escape")
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    private mutating func parseNumber() throws(TwineLocatedJSONError) -> JSONValue {
        let start = index
        var isInteger = true
        func digits(_ parser: inout TwineLocatedJSONParser) -> Int {
            var count = 0
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) {
                parser.index += 1
                count += 1
            }
            return count
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let intStart = index
        guard digits(&self) > 0 else { throw fail("invalid JSON number") }
        if bytes[intStart] == UInt8(ascii: "0"), index - intStart > 1 { throw fail("invalid JSON number (leading zero)") }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard digits(&self) > 0 else { throw fail("invalid JSON number") }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("invalid JSON number") }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let int = Int(text) { return .int(int) }
        guard let double = Double(text), double.isFinite else { throw fail("JSON number out of range") }
        return .double(double)
    }
}
