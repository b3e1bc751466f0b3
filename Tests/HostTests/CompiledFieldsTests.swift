import GraphQL
import Testing

@testable import Host

@Suite("The compiled query path's tables and planner")
struct CompiledFieldsTests {
    static let schema = try! APISchema.make().schema
    static let planner = QueryPlanner(schema: schema, fields: APISchema.compiledFields())

    static func plan(_ query: String, _ variables: [String: Map] = [:], operationName: String? = nil) throws -> QueryPlan? {
        planner.plan(try parse(source: Source(body: query)), operationName: operationName, variables: variables)
    }

    @Test("a plan of __typename alone never waits (it runs without a task or deadline); one with a root field does")
    func neverWaits() throws {
        #expect(try Self.plan("{ __typename }")?.neverWaits == true)
        #expect(try Self.plan("{ a: __typename b: __typename }")?.neverWaits == true)
        #expect(try Self.plan("{ __typename allScenarios { title } }")?.neverWaits == false)
        #expect(try Self.plan("{ me { email } }")?.neverWaits == false)
    }

    @Test("a plan says when a scenario's scenes are listed with their choices (the loaders then read both in one store call), and only then")
    func listsScenesWithChoices() throws {
        #expect(try Self.plan(GraphQLBudgetTests.operations[0].1, ["id": "x"])?.listsScenesWithChoices == true)
        #expect(try Self.plan("{ allScenarios { scenesList { ...F } } } fragment F on SceneType { c: choices { text } }")?
            .listsScenesWithChoices == true)
        #expect(try Self.plan("{ allScenarios { title scenesList { title } } }")?.listsScenesWithChoices == false)
        #expect(try Self.plan(#"{ allScenarios { scenesList { title } } sceneById(sceneId: "x") { choices { text } } }"#)?
            .listsScenesWithChoices == false)
        #expect(try Self.plan("{ allScenarios { scenesList { choices @skip(if: true) { text } } } }")?.listsScenesWithChoices == false)
    }

    @Test("every compiled field is a field of its type in the schema, answering the type it declares")
    func tablesMatchTheSchema() throws {
        let fields = APISchema.compiledFields()
        #expect(fields.types.count >= 7)
        for (typeName, table) in fields.types {
            let type = try #require(Self.schema.getType(name: typeName) as? GraphQLObjectType, "\(typeName)")
            let definitions = try type.fields()
            for (name, field) in table {
                let definition = try #require(definitions[name], "\(typeName).\(name) is not in the schema")
                #expect(getNamedType(type: definition.type)?.name == field.typeName, "\(typeName).\(name)")
            }
        }
    }

    @Test("every field of the story types is compiled, so the editor's and players' queries never fall back")
    func storyTypesComplete() throws {
        let fields = APISchema.compiledFields()
        for typeName in ["ScenarioType", "SceneType", "ChoiceType", "AssetType", "UserType", "PositionType"] {
            let type = try #require(Self.schema.getType(name: typeName) as? GraphQLObjectType)
            let missing = try type.fields().keys.filter { fields.field($0, of: typeName) == nil && !["scenes"].contains($0) }
            #expect(missing.isEmpty, "\(typeName) lacks \(missing)")
        }
    }

    @Test("the editor's GetScenarioById compiles, fragments, aliases, directives and __typename too")
    func covered() throws {
        #expect(try Self.plan(GraphQLBudgetTests.operations[0].1, ["id": "x"]) != nil)
        #expect(try Self.plan("""
            query Q($id: ID!, $skip: Boolean = false) { __typename s: sceneById(sceneId: $id) { ...F t2: title @skip(if: $skip)
              ... on Node { id } ... @include(if: true) { order } } }
            fragment F on SceneType { title choices { text toSceneId { __typename mongoId } } }
            """, ["id": "x"]) != nil)
        #expect(try Self.plan("{ allScenarios(publishedOnly: true) { title } }") != nil)
    }

    @Test("what the plan does not cover goes to the general executor", arguments: [
        "{ __schema { types { name } } }",
        "mutation { deleteScene(sceneId: \"x\") { success } }",
        "{ node(id: \"x\") { id } }",
        "query($id: ID!) { sceneById(sceneId: $id) { title } }",  // the variable is missing: the executor's error
        "query($id: ID) { sceneById(sceneId: $id) { title } }",  // absent: the executor decides
        "{ scenarioById(scenarioId: \"x\") { scenes(first: 2) { edges { node { title } } } } }",
        "query A { me { id } } query B { me { email } }",  // which one: the executor's error
        "query($s: Boolean) { me { id @skip(if: $s) } }",
    ])
    func fallsBack(_ query: String) throws {
        #expect(try Self.plan(query) == nil)
    }
}
