import Foundation
import Protocols

/// The rules for story variable names and a scenario's `variables` declaration
/// (name → initial value).
public enum StoryVariables {
    /// The longest variable name, in characters.
    public static let maxNameLength = 64
    /// The most variables a scenario may declare.
    public static let maxCount = 500
    /// The largest initial or `set` value, as compact JSON text in UTF-8 bytes (about: escapes aside).
    public static let maxValueBytes = 10_000

    /// Why `name` cannot name a variable, or `nil` when it can.
    ///
    /// A name is 1 to 64 characters without `.` (rules read `vars.<name>` as a dotted path)
    /// and without white space at either end.
    public static func problem(withName name: String) -> String? {
        if name.isEmpty { return "a variable needs a name" }
        if name.utf8.count > maxNameLength, name.count > maxNameLength { return "a variable name has at most \(maxNameLength) characters" }
        if name.utf8.contains(UInt8(ascii: ".")) { return "a variable name cannot contain '.' (rules read it as vars.\(name))" }
        if name.unicodeScalars.first!.properties.isWhitespace || name.unicodeScalars.last!.properties.isWhitespace {
            return "a variable name cannot start or end with white space"
        }
        return nil
    }

    /// Why `value` cannot be a variable's value, or `nil` when it can.
    static func problem(withValue value: JSONValue) -> String? {
        if case .double(let d) = value, !d.isFinite { return "a value must be a finite number" }
        if jsonSize(of: value, upTo: maxValueBytes) > maxValueBytes {
            return "a value has at most \(maxValueBytes) bytes of JSON"
        }
        return nil
    }

    /// About how many bytes `value` takes as compact JSON (escapes aside), counted only up to
    /// just past `limit`: cheap for small values, and bounded for large ones.
    static func jsonSize(of value: JSONValue, upTo limit: Int) -> Int {
        var size = 0
        var pending: [JSONValue] = [value]
        while let next = pending.popLast() {
            switch next {
            case .null: size += 4
            case .bool(let b): size += b ? 4 : 5
            case .int, .double: size += 8
            case .string(let s): size += s.utf8.count + 2
            case .array(let items):
                size += 2 + items.count
                pending.append(contentsOf: items)
            case .object(let members):
                size += 2 + members.count
                for (key, member) in members {
                    size += key.utf8.count + 3
                    pending.append(member)
                }
            }
            if size > limit { return size }
        }
        return size
    }

    /// Reads a scenario's `variables`: a JSON object of name → initial value. `null` and `{}`
    /// declare nothing.
    /// - Throws: ``EffectError/declarationsNotAnObject`` or
    ///   ``EffectError/invalidDeclaration(variable:reason:)`` naming the variable.
    public static func parse(_ json: JSONValue) throws(EffectError) -> [String: JSONValue] {
        if json == .null { return [:] }
        guard case .object(let members) = json else { throw .declarationsNotAnObject }
        if members.count > maxCount {
            throw .invalidDeclaration(variable: members.keys.sorted()[maxCount], reason: "a scenario declares at most \(maxCount) variables")
        }
        for name in members.keys.sorted() {
            if let reason = problem(withName: name) ?? problem(withValue: members[name]!) {
                throw .invalidDeclaration(variable: name, reason: reason)
            }
        }
        return members
    }
}
