/// What an operation would cost, measured on its syntax tree before anything runs. Counts saturate
/// at `Int.max` instead of overflowing.
struct QueryMeasure: Equatable, Sendable {
    /// Expected result values: each field 1, a list field's selection times the list's expected length.
    var cost = 0
    /// Fields selected, fragments expanded.
    var nodes = 0
    /// Aliased fields, fragments expanded.
    var aliases = 0
    /// Deepest nesting of fields (what `MAX_QUERY_DEPTH` bounds).
    var depth = 0
    /// Deepest nesting of selections, fragment spreads and inline fragments counted too.
    var nesting = 0
    /// Fields that take an `Upload`, fragments expanded.
    var uploads = 0
    /// How many upload fields each variable feeds (`$file` used by two fields would store its file twice).
    var uploadVariables: [String: Int] = [:]
    /// Whether `__schema` or `__type` is selected.
    var introspection = false

    /// The measure of sibling selections: counts add up, depth is the deepest.
    static func + (lhs: QueryMeasure, rhs: QueryMeasure) -> QueryMeasure {
        var sum = QueryMeasure()
        sum.cost = lhs.cost.saturatingAdd(rhs.cost)
        sum.nodes = lhs.nodes.saturatingAdd(rhs.nodes)
        sum.aliases = lhs.aliases.saturatingAdd(rhs.aliases)
        sum.depth = max(lhs.depth, rhs.depth)
        sum.nesting = max(lhs.nesting, rhs.nesting)
        sum.uploads = lhs.uploads.saturatingAdd(rhs.uploads)
        sum.uploadVariables = lhs.uploadVariables.merging(rhs.uploadVariables) { $0.saturatingAdd($1) }
        sum.introspection = lhs.introspection || rhs.introspection
        return sum
    }

    /// The largest of each count of `measures` (depth included).
    static func largest(_ measures: some Sequence<QueryMeasure>) -> QueryMeasure {
        measures.reduce(into: QueryMeasure()) { top, m in
            top.cost = max(top.cost, m.cost)
            top.nodes = max(top.nodes, m.nodes)
            top.aliases = max(top.aliases, m.aliases)
            top.depth = max(top.depth, m.depth)
            top.nesting = max(top.nesting, m.nesting)
            top.uploads = max(top.uploads, m.uploads)
            top.uploadVariables.merge(m.uploadVariables) { max($0, $1) }
            top.introspection = top.introspection || m.introspection
        }
    }
}

extension Int {
    func saturatingAdd(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? .max : sum
    }

    func saturatingMultiply(_ other: Int) -> Int {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? .max : product
    }
}
