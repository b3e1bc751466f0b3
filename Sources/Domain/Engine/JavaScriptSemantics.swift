import Foundation
import Protocols

/// The parts of JavaScript that json-logic-js inherits from the language: truthiness, the
/// conversions to number and to string, loose and strict equality, and relational comparison.
///
/// JavaScript has one number type, so `.int` and `.double` are the same kind here: `1 === 1.0`.
/// `nil` stands for JavaScript's `undefined` (an argument that was not given).
enum JavaScript {
    // MARK: Truthiness

    /// JavaScript's own truthiness (`!!value`), where `[]` and `{}` are true.
    static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .int(let i)?: return i != 0
        case .double(let d)?: return d != 0 && !d.isNaN
        case .string(let s)?: return !s.isEmpty
        case .array?, .object?: return true
        }
    }

    // MARK: Numbers

    /// `ToNumber(value)`, as unary `-`, `/`, `%`, `<` and `==` apply it.
    static func toNumber(_ value: JSONValue?) -> Double {
        switch value {
        case nil: return .nan
        case .null?: return 0
        case .bool(let b)?: return b ? 1 : 0
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        case .string(let s)?: return stringToNumber(s)
        case .array?: return stringToNumber(toString(value))
        case .object?: return .nan
        }
    }

    /// `parseFloat(String(value))`, as `+` and `*` apply it: the longest numeric prefix, else NaN.
    static func parseFloat(_ value: JSONValue?) -> Double {
        switch value {
        case .int(let i)?: return Double(i)
        case .double(let d)?: return d
        default:
            let bytes = Array(trimmingWhitespace(toString(value), trailing: false).utf8)
            return scanDecimal(bytes, from: 0)?.value ?? .nan
        }
    }

    /// A number as a JSON value: `.int` when it is whole and exactly representable, else `.double`.
    ///
    /// JavaScript does not tell `2` from `2.0`; keeping whole results as `.int` makes
    /// `{"/": [4, 2]}` equal to the literal `2`.
    static func number(_ d: Double) -> JSONValue {
        if d.isFinite, d == d.rounded(), abs(d) <= 9_007_199_254_740_992, !(d == 0 && d.sign == .minus) {
            return .int(Int(d))
        }
        return .double(d)
    }

    static func isNumber(_ value: JSONValue?) -> Bool {
        switch value {
        case .int?, .double?: return true
        default: return false
        }
    }

    /// `ToNumber(string)`: a decimal literal, `Infinity`, or `0x`/`0o`/`0b` digits, between white space;
    /// the empty string is 0, anything else NaN.
    static func stringToNumber(_ s: String) -> Double {
        let trimmed = trimmingWhitespace(s, trailing: true)
        if trimmed.isEmpty { return 0 }
        let b = Array(trimmed.utf8)
        if b.count > 2, b[0] == UInt8(ascii: "0") {
            let radix: Double?
            switch b[1] {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): radix = 16
            case UInt8(ascii: "o"), UInt8(ascii: "O"): radix = 8
            case UInt8(ascii: "b"), UInt8(ascii: "B"): radix = 2
            default: radix = nil
            }
            if let radix {
                var value = 0.0
                for c in b[2...] {
                    guard let digit = hexDigit(c), Double(digit) < radix else { return .nan }
                    value = value * radix + Double(digit)
                }
                return value
            }
        }
        guard let (value, length) = scanDecimal(b, from: 0), length == b.count else { return .nan }
        return value
    }

    /// Scans `[+-]? (Infinity | digits [. digits] | . digits) [e [+-] digits]` from `start`.
    static func scanDecimal(_ b: [UInt8], from start: Int) -> (value: Double, length: Int)? {
        var i = start
        var negative = false
        if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            negative = b[i] == UInt8(ascii: "-")
            i += 1
        }
        let infinity = Array("Infinity".utf8)
        if b.count - i >= infinity.count, Array(b[i..<(i + infinity.count)]) == infinity {
            return (negative ? -.infinity : .infinity, i + infinity.count)
        }
        let intStart = i
        while i < b.count, isDigit(b[i]) { i += 1 }
        var text = String(decoding: b[intStart..<i], as: UTF8.self)
        let intDigits = i - intStart
        var fracDigits = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            var j = i + 1
            while j < b.count, isDigit(b[j]) { j += 1 }
            fracDigits = j - i - 1
            if intDigits > 0 || fracDigits > 0 {
                text += "." + String(decoding: b[(i + 1)..<j], as: UTF8.self)
                i = j
            }
        }
        guard intDigits > 0 || fracDigits > 0 else { return nil }
        if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            var j = i + 1
            if j < b.count, b[j] == UInt8(ascii: "+") || b[j] == UInt8(ascii: "-") { j += 1 }
            let digitsStart = j
            while j < b.count, isDigit(b[j]) { j += 1 }
            if j > digitsStart {
                text += "e" + String(decoding: b[(i + 1)..<j], as: UTF8.self)
                i = j
            }
        }
        if text.hasPrefix(".") { text = "0" + text }
        if text.hasSuffix(".") { text += "0" }
        guard let magnitude = Double(text) else { return nil }
        return (negative ? -magnitude : magnitude, i)
    }

    // MARK: Strings

    /// `String(value)`: `undefined` and `null` by name, numbers as JavaScript writes them,
    /// arrays joined with commas, objects as `[object Object]`.
    static func toString(_ value: JSONValue?) -> String {
        switch value {
        case nil: return "undefined"
        case .null?: return "null"
        case .bool(let b)?: return b ? "true" : "false"
        case .int(let i)?: return numberString(Double(i))
        case .double(let d)?: return numberString(d)
        case .string(let s)?: return s
        case .array(let items)?: return items.map(joinElement).joined(separator: ",")
        case .object?: return "[object Object]"
        }
    }

    /// How `Array.prototype.join` writes one element: `null` and `undefined` as the empty string.
    static func joinElement(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: return ""
        default: return toString(value)
        }
    }

    /// `Number.prototype.toString()`: the shortest digits that read back as the same number,
    /// in positional notation from 1e-6 up to 1e21 and in exponential notation outside.
    static func numberString(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d == 0 { return "0" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d < 0 { return "-" + numberString(-d) }
        if d < 9_007_199_254_740_992, d == d.rounded(.towardZero) { return String(Int(d)) }
        // Swift's description gives the shortest round-trip digits; only the layout differs.
        let description = "\(d)"
        let parts = description.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        let exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let intPart = String(pieces[0])
        let fracPart = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = Array(intPart + fracPart)
        var point = intPart.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        let k = digits.count
        let n = point
        let all = String(digits)
        if k <= n && n <= 21 {
            return all + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            return String(digits[0..<n]) + "." + String(digits[n...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + all
        }
        let e = n - 1
        let head = String(digits[0]) + (k > 1 ? "." + String(digits[1...]) : "")
        return head + "e" + (e >= 0 ? "+" : "-") + String(abs(e))
    }

    /// Strings compare by UTF-16 code units in JavaScript, not by Unicode canonical equivalence.
    static func sameString(_ a: String, _ b: String) -> Bool {
        a.utf16.elementsEqual(b.utf16)
    }

    // MARK: Equality and order

    /// `a === b`. Arrays and objects are never strictly equal: in JavaScript they compare by
    /// identity, and two values built by a rule are distinct objects.
    static func strictEquals(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil), (.null?, .null?): return true
        case (.bool(let x)?, .bool(let y)?): return x == y
        case (.string(let x)?, .string(let y)?): return sameString(x, y)
        default:
            if isNumber(a), isNumber(b) { return toNumber(a) == toNumber(b) }
            return false
        }
    }

    /// `undefined` or `null`. (Written out: `JSONValue` is `ExpressibleByNilLiteral`, so `x == nil`
    /// on a `JSONValue?` can mean `x == .null`.)
    static func isNullish(_ value: JSONValue?) -> Bool {
        switch value {
        case .none, .some(.null): return true
        default: return false
        }
    }

    /// `a == b`, JavaScript's abstract equality.
    static func looseEquals(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        guard let a, let b, a != .null, b != .null else { return isNullish(a) && isNullish(b) }
        switch (a, b) {
        case (.array, .array), (.array, .object), (.object, .array), (.object, .object):
            return false
        case (.bool, _):
            return looseEquals(number(toNumber(a)), b)
        case (_, .bool):
            return looseEquals(a, number(toNumber(b)))
        case (.array, _), (.object, _):
            return looseEquals(.string(toString(a)), b)
        case (_, .array), (_, .object):
            return looseEquals(a, .string(toString(b)))
        case (.string(let x), .string(let y)):
            return sameString(x, y)
        default:
            // number with number, or number with string: both to numbers.
            return toNumber(a) == toNumber(b)
        }
    }

    /// `a < b`: `nil` where JavaScript's comparison is undefined (a NaN on either side).
    ///
    /// Arrays and objects become strings first; two strings compare by UTF-16 code units,
    /// anything else as numbers.
    static func lessThan(_ a: JSONValue?, _ b: JSONValue?) -> Bool? {
        let pa = toPrimitive(a)
        let pb = toPrimitive(b)
        if case .string(let x)? = pa, case .string(let y)? = pb {
            return x.utf16.lexicographicallyPrecedes(y.utf16)
        }
        let x = toNumber(pa)
        let y = toNumber(pb)
        if x.isNaN || y.isNaN { return nil }
        return x < y
    }

    /// `a <= b`, which is false where the comparison is undefined.
    static func lessOrEqual(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        lessThan(b, a) == false
    }

    private static func toPrimitive(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .array?, .object?: return .string(toString(value))
        default: return value
        }
    }

    /// `ToIntegerOrInfinity`: NaN is 0, otherwise truncated toward zero.
    static func toInteger(_ value: JSONValue?) -> Double {
        let d = toNumber(value)
        if d.isNaN { return 0 }
        return d.rounded(.towardZero)
    }

    // MARK: Helpers

    private static func isDigit(_ c: UInt8) -> Bool {
        c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")
    }

    private static func hexDigit(_ c: UInt8) -> Int? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return Int(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return Int(c - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return Int(c - UInt8(ascii: "A")) + 10
        default: return nil
        }
    }

    /// JavaScript's white space and line terminators (`String.prototype.trim`).
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF:
            return true
        default:
            return false
        }
    }

    private static func trimmingWhitespace(_ s: String, trailing: Bool) -> String {
        let scalars = s.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isWhitespace($0) }) else { return "" }
        var end = scalars.endIndex
        if trailing, let last = scalars.lastIndex(where: { !isWhitespace($0) }) {
            end = scalars.index(after: last)
        }
        return String(scalars[first..<end])
    }
}
