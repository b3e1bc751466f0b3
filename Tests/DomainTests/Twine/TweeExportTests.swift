import Domain
import Foundation
import Protocols
import Testing

@Suite("Exporting a story as Twee 3")
struct TweeExportTests {
    @Test("writes StoryTitle, StoryData, then one passage per scene with links in choice order")
    func lockedDoor() throws {
        #expect(try TwineExport.twee(TwineFixtures.lockedDoor) == TwineFixtures.lockedDoorTwee)
    }

    @Test("StoryData names the story format given in the options")
    func formatOption() throws {
        let text = try TwineExport.twee(
            TwineFixtures.lockedDoor, options: TwineExportOptions(format: "SugarCube", formatVersion: "2.37.3"))
        #expect(text.contains("\t\"format\": \"SugarCube\",\n\t\"format-version\": \"2.37.3\","))
    }

    @Test("a scene without a position gets no metadata block, a scene without choices no links")
    func bareScene() throws {
        let graph = StoryGraph(
            title: "Tiny", ifid: TwineFixtures.ifid, scenes: [StoryScene(id: "1", title: "Only", text: "The end.")])
        let text = try TwineExport.twee(graph)
        #expect(text.hasSuffix("\n\n:: Only\nThe end.\n"))
        #expect(!text.contains("\"start\""))
    }

    @Test("passage names are unique: a repeated title gets ' (2)', the title itself kept in metadata")
    func duplicateTitles() throws {
        let text = try TwineExport.twee(TwineFixtures.awkward)
        #expect(text.contains("\n:: Cave [start] {"))
        let headers = text.split(separator: "\n").filter { $0.hasPrefix("::") }
        #expect(headers.contains { $0.hasPrefix(":: Cave (2) {") && $0.hasSuffix(",\"title\":\"Cave\"}") })
        // "Cave (2)" was taken by the second cave, so the scene really titled "Cave (2)" moves on to (3).
        #expect(text.contains("\n:: Cave (2) (2) {\"title\":\"Cave (2)\"}\n"))
    }

    @Test("names avoid link metacharacters and escape Twee's header ones with a backslash")
    func escaping() throws {
        let text = try TwineExport.twee(TwineFixtures.awkward)
        #expect(text.contains(#"\n:: Door (locked) \{x\} a/b c→d back\\slash {"#.replacingOccurrences(of: "\\n", with: "\n")))
        #expect(text.contains("[[a->b->Cave (2) (2)]]"))
        #expect(text.contains("[[a|b->Cave]]"))
    }

    @Test("a scene titled like a special passage is renamed, and untitled scenes are 'Untitled'")
    func reservedNames() throws {
        let text = try TwineExport.twee(TwineFixtures.awkward)
        #expect(text.contains("\n:: StoryData (2) {\"text\":\"\\n\\nLeading blank lines\",\"title\":\"StoryData\"}\n"))
        #expect(text.contains("\n:: Untitled [end] {\"position\":\"-12.25,0\",\"size\":\"100,100\",\"title\":\"   \"}\n"))
    }

    @Test("passage text cannot start a passage or a link by accident")
    func contentEscaping() throws {
        let text = try TwineExport.twee(TwineFixtures.awkward)
        #expect(text.contains("\n\\:\\:not a header\n[ [not a link]] here\n"))
    }

    @Test("HTML cannot be exported, and an IFID must be one")
    func refusals() {
        #expect(throws: TwineExportError.unsupportedFormat(.html)) {
            try TwineExport.export(TwineFixtures.lockedDoor, as: .html)
        }
        var graph = TwineFixtures.lockedDoor
        graph.ifid = "not an ifid"
        #expect(throws: TwineExportError.invalidIFID("not an ifid")) { try TwineExport.twee(graph) }
    }

    @Test("variables must be a JSON object (null reads as none)")
    func variables() throws {
        var graph = TwineFixtures.lockedDoor
        graph.variables = .null
        #expect(try !TwineExport.twee(graph).contains("variables"))
        graph.variables = [1, 2]
        #expect(throws: TwineExportError.variablesNotAnObject) { try TwineExport.json(graph) }
    }

    @Test("a choice to a scene the graph lacks is refused")
    func danglingChoice() {
        var graph = TwineFixtures.lockedDoor
        graph.choices.append(StoryChoice(from: "hall", to: "attic", text: "Up"))
        #expect(throws: TwineExportError.choiceToMissingScene(from: "hall", to: "attic")) {
            try TwineExport.twee(graph)
        }
    }
}

@Suite("Passage text")
struct TwinePassageTextTests {
    @Test("link markup inside scene text is spaced apart, URL links are left alone, the text kept in metadata")
    func defusing() throws {
        let graph = StoryGraph(
            title: "T", ifid: TwineFixtures.ifid,
            scenes: [StoryScene(id: "1", title: "A", text: "See [[https://example.com]] and [[[A]]].")])
        let text = try TwineExport.twee(graph)
        #expect(text.contains("\nSee [[https://example.com]] and [ [ [A]]].\n"))
        let imported = try TwineImport.read(text, format: .twee)
        #expect(imported.scenes[0].text == "See [[https://example.com]] and [[[A]]].")
        #expect(imported.choices.isEmpty)
    }
}
