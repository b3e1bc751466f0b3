import GraphQL
import OrderedCollections
import Testing

@testable import Host

@Suite("Arguments the compiled path reads without MapDecoder")
struct PlainArgumentsTests {
    static func map(_ members: [(String, Map)]) -> Map {
        .dictionary(OrderedDictionary(uniqueKeysWithValues: members))
    }

    @Test("an ID argument as coercion gives it is read as MapDecoder reads it")
    func idArguments() throws {
        let arguments = Self.map([("scenarioId", .string("U2NlbmFyaW9UeXBlOjAx"))])
        let plain = try #require(ScenarioIDArgs(plain: arguments))
        let decoded = try MapDecoder().decode(ScenarioIDArgs.self, from: arguments)
        #expect(plain.scenarioId == decoded.scenarioId)
        #expect(SceneIDArgs(plain: Self.map([("sceneId", .string("a"))]))?.sceneId == GraphID("a"))
        #expect(ChoiceIDArgs(plain: Self.map([("choiceId", .string("b"))]))?.choiceId == GraphID("b"))
        #expect(UserIDArgs(plain: Self.map([("userId", .string("c"))]))?.userId == GraphID("c"))
        #expect(AuthorIDArgs(plain: Self.map([("authorId", .string("d"))]))?.authorId == GraphID("d"))
        #expect(AssetIDArgs(plain: Self.map([("assetId", .string("e"))]))?.assetId == GraphID("e"))
    }

    @Test("another shape is left to MapDecoder, which decodes it as before")
    func otherShapesFallBack() throws {
        let number = Self.map([("scenarioId", .number(Number(42)))])
        #expect(ScenarioIDArgs(plain: number) == nil)
        let decoded: ScenarioIDArgs = try FieldTable<RootResolver>.decodeArguments(from: number)
        #expect(decoded.scenarioId == GraphID("42"))
        #expect(ScenarioIDArgs(plain: Self.map([])) == nil)
        #expect(AllScenariosArgs(plain: Self.map([("publishedOnly", .string("yes"))])) == nil)
    }

    @Test("an optional Boolean reads absent and null as nil", arguments: [
        ([] as [(String, Map)], nil as Bool?), ([("publishedOnly", .null)], nil), ([("publishedOnly", .undefined)], nil),
        ([("publishedOnly", .bool(true))], true), ([("publishedOnly", .bool(false))], false),
    ])
    func optionalBoolean(members: [(String, Map)], expected: Bool?) throws {
        let arguments = Self.map(members)
        let plain = try #require(AllScenariosArgs(plain: arguments))
        #expect(plain.publishedOnly == expected)
        let decoded: AllScenariosArgs = try FieldTable<RootResolver>.decodeArguments(from: arguments)
        #expect(decoded.publishedOnly == expected)
    }
}
