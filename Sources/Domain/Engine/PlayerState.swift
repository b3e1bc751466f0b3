import Foundation
import Protocols

/// Where a player stands in a story, as far as rules can see: the story variables and what the
/// player has done so far.
///
/// A choice's condition reads it as the data of a JSON Logic rule (``ruleData``):
/// `{"var": "vars.hasKey"}`, `{"var": "visited.<scene id>"}` (visits of a scene, the current one
/// included), `{"var": "chosen.<choice id>"}` (times a choice was taken), `{"var": "steps"}`
/// (moves made). Ids are the 24 lowercase hex characters of an ``ObjectId``. A scene never
/// visited or a choice never taken is absent (`null`): write `{"var": ["visited.<id>", 0]}` for a count.
public struct PlayerState: Hashable, Sendable {
    /// The story variables, seeded from the scenario's `variables` and changed by effects.
    public var vars: [String: JSONValue]
    /// Scene id → how many times the player reached it (the start scene counts once at the start).
    public var visited: [ObjectId: Int]
    /// Choice id → how many times the player took it.
    public var chosen: [ObjectId: Int]
    /// How many moves the player made.
    public var steps: Int

    public init(vars: [String: JSONValue] = [:], visited: [ObjectId: Int] = [:], chosen: [ObjectId: Int] = [:], steps: Int = 0) {
        self.vars = vars
        self.visited = visited
        self.chosen = chosen
        self.steps = steps
    }

    /// The state of a new player: the declared variables at their initial values, the start
    /// scene visited once, no step taken.
    public static func start(at startSceneId: ObjectId, variables: [String: JSONValue] = [:]) -> PlayerState {
        PlayerState(vars: variables, visited: [startSceneId: 1])
    }

    /// The state as the data a rule reads: `{"vars": {...}, "visited": {id: n}, "chosen": {id: n}, "steps": n}`.
    /// It is also the form the state is stored in (``init(jsonValue:)`` reads it back).
    public var ruleData: JSONValue {
        .object([
            "vars": .object(vars),
            "visited": Self.counts(visited),
            "chosen": Self.counts(chosen),
            "steps": .int(steps),
        ])
    }

    /// The stored form; the same as ``ruleData``.
    public var jsonValue: JSONValue { ruleData }

    /// Reads a stored state. Missing members read as empty (`null` reads as a new, empty state);
    /// `nil` when a member has the wrong shape.
    public init?(jsonValue json: JSONValue) {
        if json == .null {
            self.init()
            return
        }
        guard case .object(let members) = json else { return nil }
        var state = PlayerState()
        switch members["vars"] {
        case nil, .null?: break
        case .object(let vars)?: state.vars = vars
        default: return nil
        }
        guard let visited = Self.counts(members["visited"]), let chosen = Self.counts(members["chosen"]) else { return nil }
        state.visited = visited
        state.chosen = chosen
        switch members["steps"] {
        case nil, .null?: break
        case let value?:
            guard let steps = value.intValue, steps >= 0 else { return nil }
            state.steps = steps
        }
        self = state
    }

    private static func counts(_ counts: [ObjectId: Int]) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: counts.map { ($0.key.hexString, JSONValue.int($0.value)) }))
    }

    private static func counts(_ json: JSONValue?) -> [ObjectId: Int]? {
        switch json {
        case nil, .null?: return [:]
        case .object(let members)?:
            var out: [ObjectId: Int] = [:]
            for (key, value) in members {
                guard let id = ObjectId(key), let count = value.intValue, count >= 0 else { return nil }
                out[id] = count
            }
            return out
        default: return nil
        }
    }
}

extension PlayerState: Codable {
    /// Decodes the stored form, ``jsonValue``.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        guard let state = PlayerState(jsonValue: json) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a player state"))
        }
        self = state
    }

    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
