import GraphQL
import Testing

@testable import Host

@Suite("Query cost, measured on the syntax tree")
struct QueryCostTests {
    /// A small schema: `Query.scenarios: [Scenario]`, `Scenario.scenes: [Scene]`, `Scene.title`,
    /// `Scenario.page(first:)` a connection with `edges: [Scene]`, `Mutation.upload(file: Upload)`.
    static let shape = SchemaShape(types: [
        "Query": [
            "scenarios": .init(typeName: "Scenario", isList: true),
            "scenario": .init(typeName: "Scenario", isList: false),
        ],
        "Scenario": [
            "title": .init(typeName: "String", isList: false),
            "scenes": .init(typeName: "Scene", isList: true),
            "page": .init(typeName: "Page", isList: false),
        ],
        "Page": ["edges": .init(typeName: "Scene", isList: true)],
        "Scene": ["title": .init(typeName: "String", isList: false)],
        "Mutation": ["upload": .init(typeName: "Asset", isList: false, uploadArguments: ["file"])],
        "Asset": ["id": .init(typeName: "ID", isList: false)],
    ])

    func measure(_ query: String, variables: [String: Map] = [:], estimate: Int = 10) throws -> QueryMeasure {
        let cost = QueryCost(shape: Self.shape, variables: variables, listSizeEstimate: estimate, maxListSize: 500, maxNesting: 64)
        return try cost.measure(try parse(source: Source(body: query)))
    }

    @Test("each field counts 1; a list multiplies its selection by the estimate")
    func lists() throws {
        let flat = try measure("{ scenario { title } }")
        #expect(flat.cost == 2)
        #expect(flat.nodes == 2)
        #expect(flat.depth == 2)
        let nested = try measure("{ scenarios { title scenes { title } } }")
        #expect(nested.cost == 1 + 10 * (1 + 1 + 10 * 1))
        #expect(nested.nodes == 4)
    }

    @Test("first/last gives a list's length, from a literal or a variable, capped at MAX_LIST_SIZE; a connection passes it to its edges")
    func firstArgument() throws {
        #expect(try measure("{ scenario { page(first: 3) { edges { title } } } }").cost == 1 + 1 + 1 + 3 * 1)
        #expect(try measure("query($n: Int) { scenario { page(first: $n) { edges { title } } } }", variables: ["n": .number(Number(4))]).cost == 3 + 4)
        #expect(try measure("{ scenario { page(first: 100000) { edges { title } } } }").cost == 3 + 500)
    }

    @Test("a measure no variable's value went into is marked so (it is kept with its document); first: $n is not")
    func variableIndependence() throws {
        func reads(_ query: String) throws -> Bool {
            let cost = QueryCost(shape: Self.shape, variables: ["n": .number(Number(4))], listSizeEstimate: 10, maxListSize: 500, maxNesting: 64)
            return try cost.measured(try parse(source: Source(body: query))).readsVariables
        }
        #expect(try reads("query($id: ID) { scenario { title scenes { title } } }") == false)
        #expect(try reads("{ scenario { page(first: 3) { edges { title } } } }") == false)
        #expect(try reads("query($n: Int) { scenario { page(first: $n) { edges { title } } } }") == true)
        #expect(try reads("query($n: Int) { ...F } fragment F on Query { scenario { page(last: $n) { edges { title } } } }") == true)
    }

    @Test("aliases are counted, fragments expanded")
    func aliases() throws {
        let m = try measure("{ a: scenario { ...T } b: scenario { ...T } } fragment T on Scenario { x: title y: title }")
        #expect(m.aliases == 2 + 2 * 2)
        #expect(m.nodes == 2 + 2 * 2)
    }

    @Test("a fragment fan-out 2^40 wide is measured at once, from each fragment's measure")
    func fanOut() throws {
        var query = "{ ...F1 }"
        for level in 1...40 {
            let next = level == 40 ? "" : " ...F\(level + 1) ...F\(level + 1)"
            query += " fragment F\(level) on Query { __typename\(next) }"
        }
        let start = ContinuousClock.now
        let m = try measure(query)
        #expect(ContinuousClock.now - start < .seconds(2))
        #expect(m.nodes == (1 << 40) - 1)
        #expect(m.nesting == 41, "each spread is a level")
    }

    @Test("counts saturate instead of overflowing")
    func saturation() throws {
        var query = "{ ...F1 }"
        for level in 1...35 {
            let next = level == 35 ? "" : String(repeating: " ...F\(level + 1)", count: 4)
            query += " fragment F\(level) on Query { __typename\(next) }"
        }
        #expect(try measure(query).nodes == .max)
    }

    @Test("fragment cycles and chains deeper than the nesting limit are refused without recursing into them")
    func cyclesAndChains() throws {
        #expect(throws: QueryCost.Failure.fragmentCycle("A")) {
            try measure("{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }")
        }
        var chain = "{ ...F0 }"
        for i in 0..<5000 { chain += " fragment F\(i) on Query { __typename ...F\(i + 1) }" }
        #expect(throws: QueryCost.Failure.tooNested) { try measure(chain) }
    }

    @Test("upload fields are counted, and so are the uses of each variable feeding one")
    func uploads() throws {
        let m = try measure("mutation($f: Upload) { a: upload(file: $f) { id } b: upload(file: $f) { id } c: upload(file: $g) { id } }")
        #expect(m.uploads == 3)
        #expect(m.uploadVariables == ["f": 2, "g": 1])
    }

    @Test("__schema and __type are noticed, even inside fragments; __typename is not introspection")
    func introspection() throws {
        #expect(try measure("{ __typename }").introspection == false)
        #expect(try measure("{ ...I } fragment I on Query { __schema { types { name } } }").introspection == true)
        #expect(try measure(#"{ __type(name: "Query") { name } }"#).introspection == true)
    }
}
