import Domain
import Foundation
import Protocols
import Testing

@Suite("StoryGraph from stored entities, and IFIDs")
struct TwineStoryGraphTests {
    @Test("a stored scenario becomes a graph: hex ids, scenes by order, effects by choice id")
    func fromEntities() throws {
        let author = ObjectId()
        let scenario = Scenario(title: "Cave", description: "Dark", authorId: author)
        let late = Scene(scenarioId: scenario.id, title: "Late", order: 2, isEndScene: true)
        let early = Scene(
            scenarioId: scenario.id, title: "Early", text: "Hi", order: 1, isStartScene: true,
            position: Position(x: 1, y: 2))
        let choice = Choice(fromSceneId: early.id, toSceneId: late.id, text: "Go", condition: ["var": "vars.k"], order: 3)
        let graph = StoryGraph(
            scenario: scenario, scenes: [late, early], choices: [choice], ifid: TwineFixtures.ifid,
            variables: ["k": true], effects: [choice.id: [["set": "k", "value": false]]])
        #expect(graph.title == "Cave")
        #expect(graph.description == "Dark")
        #expect(graph.scenes.map(\.id) == [early.id.hexString, late.id.hexString])
        #expect(graph.scenes[0] == StoryScene(
            id: early.id.hexString, title: "Early", text: "Hi", isStart: true, position: Position(x: 1, y: 2)))
        #expect(graph.choices == [
            StoryChoice(
                from: early.id.hexString, to: late.id.hexString, text: "Go", order: 3, condition: ["var": "vars.k"],
                effects: [["set": "k", "value": false]])
        ])
        #expect(try TwineExport.twee(graph).contains(":: Early [start] {\"choices\":[{\"condition\":{\"var\":\"vars.k\"},\"effects\":[{\"set\":\"k\",\"value\":false}]}]"))
    }

    @Test("IFIDs: new ones are uppercase UUIDs, derived ones stable per scenario id, lowercase ones normalized")
    func ifids() throws {
        let made = TwineIFID.make()
        #expect(made == made.uppercased() && UUID(uuidString: made) != nil)
        let id = try #require(ObjectId("65f1a2b3c4d5e6f708192a3b"))
        #expect(TwineIFID.derived(from: id) == TwineIFID.derived(from: id))
        #expect(TwineIFID.derived(from: id) == "65F1A2B3-C4D5-46F7-8819-2A3B5457494E")
        #expect(TwineIFID.normalized("d674c58c-defa-4f70-b7a2-27742230c0fc") == "D674C58C-DEFA-4F70-B7A2-27742230C0FC")
        #expect(TwineIFID.normalized("short") == nil)
        #expect(TwineIFID.normalized("has space in it") == nil)
    }

    @Test("choices(from:) lists a scene's choices by order")
    func choicesFrom() {
        let graph = TwineFixtures.lockedDoor
        #expect(graph.choices(from: "hall").map(\.text) == ["Go down to the cellar", "Open the door"])
    }

    @Test("a String import obeys the byte limit too")
    func stringLimit() {
        #expect(throws: TwineImportError(.tooLarge(bytes: 12, limit: 10), line: 2)) {
            try TwineImport.read(":: A\n:: BBBB", format: .twee, limits: TwineImportLimits(maxBytes: 10))
        }
    }
}
