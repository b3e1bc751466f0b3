import Foundation
import Protocols

/// What taking a choice does to the story variables.
///
/// Written in JSON as `{"set": name, "value": v}` (the variable becomes `v`, any JSON value)
/// or `{"add": name, "value": n}` (the number `n` is added; a variable not yet set counts as 0).
/// Values are literals: they are not evaluated as rules.
public enum Effect: Hashable, Sendable {
    case set(variable: String, value: JSONValue)
    /// `amount` is always a finite `.int` or `.double`.
    case add(variable: String, amount: JSONValue)

    /// The most effects one choice may carry.
    public static let maxCount = 100

    /// The variable the effect changes.
    public var variable: String {
        switch self {
        case .set(let name, _), .add(let name, _): return name
        }
    }

    /// The effect as JSON, the form ``list(from:)`` reads.
    public var jsonValue: JSONValue {
        switch self {
        case .set(let name, let value): return .object(["set": .string(name), "value": value])
        case .add(let name, let amount): return .object(["add": .string(name), "value": amount])
        }
    }

    /// Effects as the JSON array a choice stores.
    public static func jsonValue(of effects: [Effect]) -> JSONValue {
        .array(effects.map(\.jsonValue))
    }

    /// Reads a choice's `effects`: a JSON array (or `null`, meaning none) of `set` and `add` effects.
    /// - Throws: ``EffectError/notAList``, ``EffectError/tooMany(limit:)``, or
    ///   ``EffectError/invalid(index:reason:)`` naming the first bad effect and what is wrong.
    public static func list(from json: JSONValue) throws(EffectError) -> [Effect] {
        if json == .null { return [] }
        guard case .array(let items) = json else { throw .notAList }
        if items.count > maxCount { throw .tooMany(limit: maxCount) }
        var effects: [Effect] = []
        effects.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            effects.append(try parse(item, index: index))
        }
        return effects
    }

    private static func parse(_ item: JSONValue, index: Int) throws(EffectError) -> Effect {
        guard case .object(let members) = item else {
            throw .invalid(index: index, reason: "an effect is an object such as {\"set\": \"hasKey\", \"value\": true}")
        }
        let kinds = ["set", "add"].filter { members[$0] != nil }
        guard kinds.count == 1, let kind = kinds.first else {
            throw .invalid(index: index, reason: kinds.isEmpty
                ? "an effect needs 'set' or 'add'" : "an effect has either 'set' or 'add', not both")
        }
        if let extra = members.keys.filter({ $0 != kind && $0 != "value" }).sorted().first {
            throw .invalid(index: index, reason: "unknown key '\(extra)' (an effect has '\(kind)' and 'value')")
        }
        guard case .string(let name)? = members[kind] else {
            throw .invalid(index: index, reason: "'\(kind)' must be the variable's name, as a string")
        }
        if let reason = StoryVariables.problem(withName: name) { throw .invalid(index: index, reason: reason) }
        guard let value = members["value"] else {
            throw .invalid(index: index, reason: "'\(kind)' needs a 'value'")
        }
        if kind == "set" {
            if let reason = StoryVariables.problem(withValue: value) { throw .invalid(index: index, reason: reason) }
            return .set(variable: name, value: value)
        }
        guard let amount = value.doubleValue, amount.isFinite else {
            throw .invalid(index: index, reason: "'add' needs a number as 'value', got \(value.jsonString)")
        }
        return .add(variable: name, amount: value)
    }
}
