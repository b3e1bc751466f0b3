import GraphQL
import OrderedCollections

/// Reads the JSON body of a GraphQL POST in one pass, straight into a ``GraphQLRequest``, for the
/// bodies clients send: an object with `query`, `variables` and `operationName`, whose values are
/// strings, integers, booleans, nulls, arrays and objects.
///
/// `JSONDecoder` read the editor's 1 KB body in ~17 µs of a request's ~290 µs fixed cost (a profile
/// of the editor's query at two sizes, 12-04): its keyed containers, the dictionary of variables
/// decoded through a dynamic cast, a thrown error for each type ``VariableValue`` tries and rejects.
///
/// It only ever answers what `JSONDecoder` would: for anything it does not take on it answers `nil`
/// and the caller decodes the body with `JSONDecoder` instead, which also words every error. That
/// is malformed JSON, a number with a fraction or exponent or beyond `Int`, a repeated key, a
/// surrogate escape that is not a pair, text that is not UTF-8, a byte-order mark, nesting beyond
/// ``maxDepth``. (`GraphQLRequestReaderTests` checks the two against each other, cases and fuzz.)
struct GraphQLRequestReader {
    /// How deep the reader follows arrays and objects (the request object counts as one); deeper
    /// bodies go to `JSONDecoder`. Bounds the reader's recursion, whatever the body's size.
    static let maxDepth = 32

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// The request in `bytes`, or `nil` when `JSONDecoder` must read them (see the type's comment).
    static func read(_ bytes: UnsafeRawBufferPointer) -> GraphQLRequest? {
        var reader = GraphQLRequestReader(bytes)
        return reader.request()
    }

    private mutating func request() -> GraphQLRequest? {
        var query: String?
        var variables: [String: Map]??
        var operationName: String??
        skipSpace()
        let read = members { reader, key in
            switch key {
            case "query":
                guard query == nil, let text = reader.string() else { return false }
                query = text
            case "operationName":
                guard operationName == nil else { return false }
                if reader.take(literal: "null") {
                    operationName = .some(nil)
                } else {
                    guard let name = reader.string() else { return false }
                    operationName = name
                }
            case "variables":
                guard variables == nil else { return false }
                if reader.take(literal: "null") {
                    variables = .some(nil)
                } else {
                    guard let members = reader.object(depth: 2) else { return false }
                    variables = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })
                }
            default:
                // `JSONDecoder` ignores other members, once they are well-formed.
                guard reader.value(depth: 2) != nil else { return false }
            }
            return true
        }
        skipSpace()
        guard read, index == bytes.count, let query else { return nil }
        return GraphQLRequest(query: query, variables: variables ?? nil, operationName: operationName ?? nil)
    }

    /// Reads an object, `{` to `}`, handing each member's key to `member` with the reader at the
    /// member's value, which `member` reads; `false` for malformed JSON or when `member` answers `false`.
    private mutating func members(_ member: (inout GraphQLRequestReader, String) -> Bool) -> Bool {
        elements(between: .openBrace, and: .closeBrace) { reader in
            guard let key = reader.string() else { return false }
            reader.skipSpace()
            guard reader.take(.colon) else { return false }
            reader.skipSpace()
            return member(&reader, key)
        }
    }

    /// Reads `open`, the comma-separated elements, `close`: each element by `element`, which answers
    /// `false` for one it cannot read; `false` for that or for malformed JSON.
    private mutating func elements(
        between open: UInt8, and close: UInt8, _ element: (inout GraphQLRequestReader) -> Bool
    ) -> Bool {
        guard take(open) else { return false }
        skipSpace()
        if take(close) { return true }
        repeat {
            skipSpace()
            guard element(&self) else { return false }
            skipSpace()
        } while take(.comma)
        return take(close)
    }

    // MARK: Values

    /// One JSON value as ``VariableValue`` decodes it.
    private mutating func value(depth: Int) -> Map? {
        guard depth <= Self.maxDepth, let byte = peek else { return nil }
        switch byte {
        case .quote: return string().map(Map.string)
        case .openBrace: return object(depth: depth + 1).map(Map.dictionary)
        case .openBracket: return array(depth: depth + 1)
        case UInt8(ascii: "t"): return take(literal: "true") ? .bool(true) : nil
        case UInt8(ascii: "f"): return take(literal: "false") ? .bool(false) : nil
        case UInt8(ascii: "n"): return take(literal: "null") ? .null : nil
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return integer().map { .number(Number($0)) }
        default: return nil
        }
    }

    /// An object's members in key order (as ``VariableValue`` orders them); `nil` for a repeated key.
    private mutating func object(depth: Int) -> OrderedDictionary<String, Map>? {
        guard depth <= Self.maxDepth else { return nil }
        var members: [(key: String, value: Map)] = []
        let read = self.members { reader, key in
            guard let member = reader.value(depth: depth) else { return false }
            members.append((key, member))
            return true
        }
        guard read else { return nil }
        members.sort { $0.key < $1.key }
        for i in members.indices.dropFirst() where members[i].key == members[i - 1].key { return nil }
        return OrderedDictionary(uncheckedUniqueKeysWithValues: members.lazy.map { ($0.key, $0.value) })
    }

    private mutating func array(depth: Int) -> Map? {
        guard depth <= Self.maxDepth else { return nil }
        var items: [Map] = []
        let read = elements(between: .openBracket, and: .closeBracket) { reader in
            guard let item = reader.value(depth: depth) else { return false }
            items.append(item)
            return true
        }
        return read ? .array(items) : nil
    }

    /// `-?(0|[1-9][0-9]*)` within `Int`; `nil` for anything else (a fraction, an exponent, an overflow).
    private mutating func integer() -> Int? {
        let negative = take(UInt8(ascii: "-"))
        guard let first = peek, first.isDigit else { return nil }
        var magnitude = 0
        if first == UInt8(ascii: "0") {
            index += 1
        } else {
            while let digit = peek, digit.isDigit {
                let (times, overflow) = magnitude.multipliedReportingOverflow(by: 10)
                // Accumulated negatively when negative, so that Int.min fits.
                let (sum, overflow2) = negative
                    ? times.subtractingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                    : times.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                guard !overflow, !overflow2 else { return nil }
                magnitude = sum
                index += 1
            }
        }
        if let next = peek, next.isDigit || next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
            return nil
        }
        return magnitude
    }

    /// A string; `nil` for a raw control character, a bad escape, a lone surrogate, or bytes that
    /// are not UTF-8.
    private mutating func string() -> String? {
        guard take(.quote) else { return nil }
        let start = index
        var ascii = true
        while index < bytes.count {
            let byte = bytes[index]
            if byte == .quote {
                let text = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return ascii ? String(decoding: text, as: UTF8.self) : String(validating: text, as: UTF8.self)
            }
            if byte == .backslash { return escapedString(from: start) }
            if byte < 0x20 { return nil }
            if byte >= 0x80 { ascii = false }
            index += 1
        }
        return nil
    }

    /// The rest of a string that has an escape, from its first byte at `start`.
    private mutating func escapedString(from start: Int) -> String? {
        var text = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case .quote: return String(validating: text, as: UTF8.self)
            case .backslash:
                guard let escape = peek else { return nil }
                index += 1
                switch escape {
                case .quote, .backslash, UInt8(ascii: "/"): text.append(escape)
                case UInt8(ascii: "b"): text.append(0x08)
                case UInt8(ascii: "f"): text.append(0x0C)
                case UInt8(ascii: "n"): text.append(0x0A)
                case UInt8(ascii: "r"): text.append(0x0D)
                case UInt8(ascii: "t"): text.append(0x09)
                case UInt8(ascii: "u"):
                    guard let scalar = unicodeEscape() else { return nil }
                    text.append(contentsOf: UTF8.encode(scalar)!)
                default: return nil
                }
            case 0..<0x20: return nil
            default: text.append(byte)
            }
        }
        return nil
    }

    /// The scalar of `\uXXXX` (after its `\u`), or of a surrogate pair `\uD8xx\uDCxx`.
    private mutating func unicodeEscape() -> Unicode.Scalar? {
        guard let unit = hex4() else { return nil }
        switch unit {
        case 0xD800...0xDBFF:
            guard take(.backslash), take(UInt8(ascii: "u")), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
            return Unicode.Scalar(0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00))
        case 0xDC00...0xDFFF: return nil
        default: return Unicode.Scalar(unit)
        }
    }

    private mutating func hex4() -> UInt16? {
        guard index + 4 <= bytes.count else { return nil }
        var unit: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    // MARK: Bytes

    private var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    private mutating func take(literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let start = index
        let matches = literal.withUTF8Buffer { text in text.indices.allSatisfy { bytes[start + $0] == text[$0] } }
        guard matches else { return false }
        index += count
        return true
    }

    /// JSON's whitespace: space, tab, line feed, carriage return.
    private mutating func skipSpace() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }
}

private extension UInt8 {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")

    var isDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}
