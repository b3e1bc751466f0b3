import Foundation
import Protocols

/// One evaluation of a rule, counting its steps and depth against the limits.
struct JSONLogicEvaluator {
    let limits: JSONLogic.Limits
    private var steps = 0
    private var depth = 0

    init(limits: JSONLogic.Limits) {
        self.limits = limits
    }

    mutating func evaluate(_ rule: JSONValue, _ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        try charge(1)
        depth += 1
        defer { depth -= 1 }
        if depth > limits.maxDepth { throw .tooDeep(limit: limits.maxDepth) }
        switch rule {
        case .array(let items):
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evaluate(item, data)) }
            return .array(out)
        case .object(let members) where members.count == 1:
            let (name, arguments) = members.first!
            guard let op = JSONLogicOperator.byName[name] else { throw .unknownOperator(name) }
            let values: [JSONValue]
            if case .array(let items) = arguments { values = items } else { values = [arguments] }
            return try run(op, name: name, values, data)
        default:
            return rule
        }
    }

    // MARK: Bounds

    private mutating func charge(_ cost: Int) throws(JSONLogicError) {
        steps += cost
        if steps > limits.maxSteps { throw .tooManySteps(limit: limits.maxSteps) }
    }

    private func bounded(_ array: [JSONValue]) throws(JSONLogicError) -> JSONValue {
        if array.count > limits.maxValueSize { throw .valueTooLarge(limit: limits.maxValueSize) }
        return .array(array)
    }

    private func bounded(_ string: String) throws(JSONLogicError) -> JSONValue {
        if string.utf16.count > limits.maxValueSize { throw .valueTooLarge(limit: limits.maxValueSize) }
        return .string(string)
    }

    // MARK: Operators

    private mutating func run(
        _ op: JSONLogicOperator, name: String, _ values: [JSONValue], _ data: JSONValue
    ) throws(JSONLogicError) -> JSONValue {
        switch op {
        case .if:
            var i = 0
            while i < values.count - 1 {
                if JSONLogic.truthy(try evaluate(values[i], data)) { return try evaluate(values[i + 1], data) }
                i += 2
            }
            if values.count == i + 1 { return try evaluate(values[i], data) }
            return .null
        case .and:
            var current: JSONValue = .null
            for value in values {
                current = try evaluate(value, data)
                if !JSONLogic.truthy(current) { return current }
            }
            return current
        case .or:
            var current: JSONValue = .null
            for value in values {
                current = try evaluate(value, data)
                if JSONLogic.truthy(current) { return current }
            }
            return current
        case .filter:
            guard case .array(let items) = try scope(values, data) else { return .array([]) }
            let logic = values.count > 1 ? values[1] : .null
            var kept: [JSONValue] = []
            for item in items where JSONLogic.truthy(try evaluate(logic, item)) { kept.append(item) }
            return .array(kept)
        case .map:
            guard case .array(let items) = try scope(values, data) else { return .array([]) }
            let logic = values.count > 1 ? values[1] : .null
            var out: [JSONValue] = []
            out.reserveCapacity(items.count)
            for item in items { out.append(try evaluate(logic, item)) }
            return .array(out)
        case .reduce:
            let scoped = try scope(values, data)
            let logic = values.count > 1 ? values[1] : .null
            var accumulator = values.count > 2 ? try evaluate(values[2], data) : .null
            guard case .array(let items) = scoped else { return accumulator }
            for item in items {
                accumulator = try evaluate(logic, .object(["current": item, "accumulator": accumulator]))
            }
            return accumulator
        case .all:
            let items = Self.elements(of: try scope(values, data))
            guard !items.isEmpty else { return false }
            let logic = values.count > 1 ? values[1] : .null
            for item in items where !JSONLogic.truthy(try evaluate(logic, item)) { return false }
            return true
        case .none, .some:
            guard case .array(let items) = try scope(values, data) else { return .bool(op == .none) }
            let logic = values.count > 1 ? values[1] : .null
            for item in items where JSONLogic.truthy(try evaluate(logic, item)) { return .bool(op == .some) }
            return .bool(op == .none)
        default:
            var arguments: [JSONValue] = []
            arguments.reserveCapacity(values.count)
            for value in values { arguments.append(try evaluate(value, data)) }
            return try compute(op, name: name, arguments, data)
        }
    }

    /// The array an iteration runs over: its first argument, evaluated against the outer data.
    private mutating func scope(_ values: [JSONValue], _ data: JSONValue) throws(JSONLogicError) -> JSONValue {
        guard let first = values.first else { return .null }
        return try evaluate(first, data)
    }

    /// What `all` iterates: an array's elements or a string's UTF-16 units (`scopedData[i]`).
    private static func elements(of value: JSONValue) -> [JSONValue] {
        switch value {
        case .array(let items): return items
        case .string(let s): return s.utf16.map { .string(String(decoding: [$0], as: UTF16.self)) }
        default: return []
        }
    }

    /// The operators whose arguments are all evaluated first.
    private mutating func compute(
        _ op: JSONLogicOperator, name: String, _ a: [JSONValue], _ data: JSONValue
    ) throws(JSONLogicError) -> JSONValue {
        // `.none` is `undefined`; a bare `nil` here would read as `JSONValue.null` (a nil literal).
        func arg(_ i: Int) -> JSONValue? { i < a.count ? .some(a[i]) : .none }
        switch op {
        case .looseEqual: return .bool(JavaScript.looseEquals(arg(0), arg(1)))
        case .strictEqual: return .bool(JavaScript.strictEquals(arg(0), arg(1)))
        case .looseNotEqual: return .bool(!JavaScript.looseEquals(arg(0), arg(1)))
        case .strictNotEqual: return .bool(!JavaScript.strictEquals(arg(0), arg(1)))
        case .greater: return .bool(JavaScript.lessThan(arg(1), arg(0)) == true)
        case .greaterOrEqual: return .bool(JavaScript.lessOrEqual(arg(1), arg(0)))
        case .less:
            let first = JavaScript.lessThan(arg(0), arg(1)) == true
            if a.count < 3 { return .bool(first) }
            return .bool(first && JavaScript.lessThan(arg(1), arg(2)) == true)
        case .lessOrEqual:
            let first = JavaScript.lessOrEqual(arg(0), arg(1))
            if a.count < 3 { return .bool(first) }
            return .bool(first && JavaScript.lessOrEqual(arg(1), arg(2)))
        case .not: return .bool(!JSONLogic.truthy(arg(0) ?? .null))
        case .toBoolean: return .bool(JSONLogic.truthy(arg(0) ?? .null))
        case .plus:
            return JavaScript.number(a.reduce(0) { $0 + JavaScript.parseFloat($1) })
        case .times:
            guard let first = a.first else {
                throw .invalidArguments(operator: name, reason: "needs at least one argument")
            }
            if a.count == 1 { return first }
            var product = JavaScript.parseFloat(first)
            for value in a.dropFirst() { product *= JavaScript.parseFloat(value) }
            return JavaScript.number(product)
        case .minus:
            if a.count < 2 { return JavaScript.number(-JavaScript.toNumber(arg(0))) }
            return JavaScript.number(JavaScript.toNumber(a[0]) - JavaScript.toNumber(a[1]))
        case .divide:
            return JavaScript.number(JavaScript.toNumber(arg(0)) / JavaScript.toNumber(arg(1)))
        case .modulo:
            return JavaScript.number(JavaScript.toNumber(arg(0)).truncatingRemainder(dividingBy: JavaScript.toNumber(arg(1))))
        case .min, .max:
            var result: Double = op == .min ? .infinity : -.infinity
            for value in a {
                let d = JavaScript.toNumber(value)
                if d.isNaN { return .double(.nan) }
                result = op == .min ? Swift.min(result, d) : Swift.max(result, d)
            }
            return JavaScript.number(result)
        case .in:
            let haystack = arg(1)
            guard JavaScript.isTruthy(haystack) else { return haystack ?? .null }
            switch haystack {
            case .string(let s)?:
                try charge(s.utf16.count / 64)
                return .bool(Self.contains(s, JavaScript.toString(arg(0))))
            case .array(let items)?:
                try charge(items.count / 64)
                return .bool(items.contains { JavaScript.strictEquals($0, arg(0)) })
            default:
                return false
            }
        case .cat:
            return try bounded(a.map(JavaScript.joinElement).joined())
        case .substr:
            return try bounded(Self.substr(arg(0), arg(1), arg(2)))
        case .merge:
            var out: [JSONValue] = []
            for value in a {
                if case .array(let items) = value { out.append(contentsOf: items) } else { out.append(value) }
                if out.count > limits.maxValueSize { throw .valueTooLarge(limit: limits.maxValueSize) }
            }
            try charge(out.count / 64)
            return .array(out)
        case .var:
            return Self.lookUp(arg(0), default: arg(1), in: data)
        case .missing:
            return .array(Self.missing(a, in: data))
        case .missingSome:
            let options = arg(1) ?? .null
            let keys: [JSONValue]
            if case .array(let items) = options { keys = items } else { keys = [options] }
            let missing = Self.missing(keys, in: data)
            let optionCount: Double
            if case .array(let items) = options { optionCount = Double(items.count) } else { optionCount = .nan }
            if optionCount - Double(missing.count) >= JavaScript.toNumber(arg(0)) { return .array([]) }
            return .array(missing)
        case .log:
            return arg(0) ?? .null
        case .if, .and, .or, .filter, .map, .reduce, .all, .none, .some:
            preconditionFailure("handled by run")
        }
    }

    // MARK: Data

    /// `{"var": [path, default]}`: the value at a dotted path, or `default` (else `null`) where
    /// the path leads nowhere. No path, `null` or `""` is the data itself.
    static func lookUp(_ path: JSONValue?, default fallback: JSONValue?, in data: JSONValue) -> JSONValue {
        let notFound = fallback ?? .null
        switch path {
        case nil, .null?, .string("")?: return data
        default: break
        }
        let text = JavaScript.toString(path)
        if !text.utf8.contains(UInt8(ascii: ".")) {
            if data == .null { return notFound }
            return property(of: data, text) ?? notFound
        }
        var current = data
        for key in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
            if current == .null { return notFound }
            guard let next = property(of: current, String(Substring(key))) else { return notFound }
            current = next
        }
        return current
    }

    /// `value[key]` for the values JSON has: object members, array and string indices, `length`.
    private static func property(of value: JSONValue, _ key: String) -> JSONValue? {
        switch value {
        case .object(let members):
            return members[key]
        case .array(let items):
            if key == "length" { return .int(items.count) }
            guard let index = arrayIndex(key), index < items.count else { return nil }
            return items[index]
        case .string(let s):
            let units = Array(s.utf16)
            if key == "length" { return .int(units.count) }
            guard let index = arrayIndex(key), index < units.count else { return nil }
            return .string(String(decoding: [units[index]], as: UTF16.self))
        default:
            return nil
        }
    }

    /// A canonical array index: digits without a leading zero (or "0").
    private static func arrayIndex(_ key: String) -> Int? {
        guard !key.isEmpty, key.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            key == "0" || !key.hasPrefix("0")
        else { return nil }
        return Int(key)
    }

    /// The keys (an array as the first argument, else every argument) whose value is `null` or `""`.
    private static func missing(_ arguments: [JSONValue], in data: JSONValue) -> [JSONValue] {
        let keys: [JSONValue]
        if case .array(let items)? = arguments.first { keys = items } else { keys = arguments }
        return keys.filter { key in
            let value: JSONValue
            if case .array(let parts) = key {
                value = lookUp(parts.first, default: parts.count > 1 ? .some(parts[1]) : .none, in: data)
            } else {
                value = lookUp(key, default: .none, in: data)
            }
            return value == .null || value == .string("")
        }
    }

    // MARK: Strings

    /// `String.prototype.indexOf(needle) !== -1`, by UTF-16 code units.
    private static func contains(_ haystack: String, _ needle: String) -> Bool {
        let h = Array(haystack.utf16)
        let n = Array(needle.utf16)
        if n.isEmpty { return true }
        if n.count > h.count { return false }
        for start in 0...(h.count - n.count) where h[start] == n[0] {
            if h[start..<(start + n.count)].elementsEqual(n) { return true }
        }
        return false
    }

    /// json-logic-js's `substr`: `String(source).substr(start, length)`, where a negative length
    /// drops that many units from the end.
    private static func substr(_ source: JSONValue?, _ start: JSONValue?, _ end: JSONValue?) -> String {
        let units = Array(JavaScript.toString(source).utf16)
        func jsSubstr(_ units: [UInt16], _ start: Double, _ length: Double?) -> [UInt16] {
            let size = Double(units.count)
            var from = start
            if from < 0 { from = Swift.max(size + from, 0) }
            from = Swift.min(from, size)
            let count = Swift.min(Swift.max(length ?? (size - from), 0), size - from)
            guard count > 0 else { return [] }
            let lower = Int(from)
            return Array(units[lower..<(lower + Int(count))])
        }
        let from = JavaScript.toInteger(start)
        let result: [UInt16]
        if JavaScript.lessThan(end, .int(0)) == true {
            let tail = jsSubstr(units, from, nil)
            result = jsSubstr(tail, 0, Double(tail.count) + JavaScript.toInteger(end))
        } else {
            result = jsSubstr(units, from, end.map { JavaScript.toInteger($0) })
        }
        return String(decoding: result, as: UTF16.self)
    }
}
