import Foundation
import Protocols

/// What a rule reads from its data, found without running it.
public struct JSONLogicReads: Hashable, Sendable {
    /// The dotted paths the rule reads with `var`, `missing` and `missing_some`, written as
    /// constants in the rule (`"vars.hasKey"`, `"steps"`). Reads inside the second argument of
    /// `map`, `filter`, `reduce`, `all`, `some` and `none` are of the elements, not of the data,
    /// and are left out.
    public var paths: Set<String> = []
    /// Whether the rule also reads what no constant names: the whole data (`{"var": ""}`), or a
    /// path computed when it runs. When true, ``paths`` is not all the rule reads.
    public var isDynamic = false

    public init(paths: Set<String> = [], isDynamic: Bool = false) {
        self.paths = paths
        self.isDynamic = isDynamic
    }
}

extension JSONLogic {
    /// The paths `rule` reads from its data (see ``JSONLogicReads``).
    public static func reads(_ rule: JSONValue) -> JSONLogicReads {
        var reads = JSONLogicReads()
        collectReads(rule, outer: true, into: &reads, depth: 0)
        return reads
    }

    private static func collectReads(_ node: JSONValue, outer: Bool, into reads: inout JSONLogicReads, depth: Int) {
        // A rule deeper than any check allows reads too much to list: say so rather than recurse on.
        guard depth < 256 else {
            reads.isDynamic = true
            return
        }
        switch node {
        case .array(let items):
            for item in items { collectReads(item, outer: outer, into: &reads, depth: depth + 1) }
        case .object(let members) where members.count == 1:
            let (name, arguments) = members.first!
            let values: [JSONValue]
            if case .array(let items) = arguments { values = items } else { values = [arguments] }
            let op = JSONLogicOperator.byName[name]
            if op?.scopesItsSecondArgument == true {
                for (index, value) in values.enumerated() {
                    collectReads(value, outer: outer && index != 1, into: &reads, depth: depth + 1)
                }
                return
            }
            guard outer else {
                for value in values { collectReads(value, outer: false, into: &reads, depth: depth + 1) }
                return
            }
            switch op {
            case .var?:
                notePath(values.first, into: &reads, depth: depth)
                for value in values.dropFirst() { collectReads(value, outer: true, into: &reads, depth: depth + 1) }
            case .missing?:
                for value in values { noteKeys(value, into: &reads, depth: depth) }
            case .missingSome?:
                if let first = values.first { collectReads(first, outer: true, into: &reads, depth: depth + 1) }
                for value in values.dropFirst() { noteKeys(value, into: &reads, depth: depth) }
            default:
                for value in values { collectReads(value, outer: true, into: &reads, depth: depth + 1) }
            }
        default:
            return
        }
    }

    /// The first argument of `var`: a constant path, the whole data, or a computed path.
    private static func notePath(_ path: JSONValue?, into reads: inout JSONLogicReads, depth: Int) {
        switch path {
        case .none, .some(.null), .some(.string("")):
            reads.isDynamic = true
        case .some(.string(let s)):
            reads.paths.insert(s)
        case .some(.int), .some(.double), .some(.bool):
            reads.paths.insert(JavaScript.toString(path))
        case .some(let logic):
            reads.isDynamic = true
            collectReads(logic, outer: true, into: &reads, depth: depth + 1)
        }
    }

    /// An argument of `missing`: a key, a list of keys, or logic computing them.
    private static func noteKeys(_ value: JSONValue, into reads: inout JSONLogicReads, depth: Int) {
        switch value {
        case .array(let keys):
            for key in keys { noteKeys(key, into: &reads, depth: depth + 1) }
        case .object(let members) where members.count == 1:
            reads.isDynamic = true
            collectReads(value, outer: true, into: &reads, depth: depth + 1)
        default:
            notePath(value, into: &reads, depth: depth)
        }
    }
}
