import Domain
import Foundation
import Protocols
import Testing

@Suite("Round trips: export → import → export gives the same text")
struct TwineRoundTripTests {
    static let graphs: [StoryGraph] = [TwineFixtures.lockedDoor, TwineFixtures.awkward] + TwineFixtures.corners

    @Test("in Twee 3", arguments: graphs)
    func twee(graph: StoryGraph) throws {
        let first = try TwineExport.twee(graph)
        let imported = try TwineImport.read(Data(first.utf8), format: .twee)
        #expect(try TwineExport.twee(imported) == first)
    }

    @Test("in Twine 2 JSON", arguments: graphs)
    func json(graph: StoryGraph) throws {
        let first = try TwineExport.json(graph)
        let imported = try TwineImport.read(Data(first.utf8), format: .json)
        #expect(try TwineExport.json(imported) == first)
    }

    @Test("across formats: Twee → graph → JSON → graph → Twee", arguments: graphs)
    func across(graph: StoryGraph) throws {
        let twee = try TwineExport.twee(graph)
        let viaJSON = try TwineImport.read(try TwineExport.json(try TwineImport.read(twee, format: .twee)), format: .json)
        #expect(try TwineExport.twee(viaJSON) == twee)
    }

    @Test("the import keeps everything of the story, only the scene ids are new")
    func lossless() throws {
        for format in [TwineFormat.twee, .json] {
            let original = TwineFixtures.awkward
            let imported = try TwineImport.read(try TwineExport.export(original, as: format), format: format)
            #expect(imported.scenes.map(\.id) == ["1", "2", "3", "4", "5", "6"])
            #expect(imported.scenes.map(\.title) == original.scenes.map(\.title))
            #expect(imported.scenes.map(\.text) == original.scenes.map(\.text))
            #expect(imported.scenes.map(\.isStart) == original.scenes.map(\.isStart))
            #expect(imported.scenes.map(\.isEnd) == original.scenes.map(\.isEnd))
            #expect(imported.scenes.map(\.position) == original.scenes.map(\.position))
            let idMap = Dictionary(uniqueKeysWithValues: zip(original.scenes.map(\.id), imported.scenes.map(\.id)))
            let expected = original.choices.map {
                StoryChoice(
                    from: idMap[$0.from]!, to: idMap[$0.to]!, text: $0.text, order: $0.order, condition: $0.condition,
                    effects: $0.effects)
            }
            #expect(imported.choices == expected)
            #expect(imported.ifid == original.ifid.uppercased())
            #expect(imported.title == "Odd names")
        }
    }

    @Test("the locked door comes back whole: variables, description, conditions and effects")
    func lockedDoor() throws {
        let imported = try TwineImport.read(TwineFixtures.lockedDoorTwee, format: .twee)
        #expect(imported.title == "The Locked Door")
        #expect(imported.description == "A key, a door.")
        #expect(imported.variables == ["hasKey": false])
        #expect(imported.choices == [
            StoryChoice(from: "1", to: "2", text: "Go down to the cellar", order: 0),
            StoryChoice(from: "1", to: "3", text: "Open the door", order: 1, condition: ["==": [["var": "vars.hasKey"], true]]),
            StoryChoice(from: "2", to: "1", text: "Take the key and go back up", order: 0, effects: [["set": "hasKey", "value": true]]),
        ])
        #expect(imported.scenes[2].position == Position(x: 500, y: 100.5))
    }

    @Test("corners survive: a scene titled Start that does not start, Windows line ends, two starts")
    func corners() throws {
        let noStart = try TwineImport.read(try TwineExport.twee(TwineFixtures.corners[0]), format: .twee)
        #expect(noStart.scenes.map(\.isStart) == [false, false])
        #expect(noStart.scenes.map(\.title) == ["Start", "Other"])
        #expect(noStart.scenes.map(\.text) == TwineFixtures.corners[0].scenes.map(\.text))
        #expect(noStart.scenes[1].position == Position(x: 1e20, y: -0.5))
        #expect(noStart.choices[0].condition == .null)
        let twoStarts = try TwineImport.read(try TwineExport.json(TwineFixtures.corners[1]), format: .json)
        #expect(twoStarts.scenes.map(\.isStart) == [true, true])
        #expect(twoStarts.description == "Line one\nline two")
        #expect(twoStarts.variables == ["n": 1.5, "s": "x"])
    }

    @Test(
        "large stories (5,000 scenes in Twee, 1,000 in JSON; two choices each) go both ways",
        arguments: [(TwineFormat.twee, 5_000), (.json, 1_000)])
    func large(format: TwineFormat, scenes: Int) throws {
        let graph = TwineFixtures.chain(scenes)
        let text = try TwineExport.export(graph, as: format)
        #expect(text.utf8.count < TwineImportLimits.default.maxBytes)
        let imported = try TwineImport.read(Data(text.utf8), format: format)
        #expect(imported.scenes.count == scenes)
        #expect(imported.choices.count == 2 * scenes - 2)
        #expect(try TwineExport.export(imported, as: format) == text)
    }
}
