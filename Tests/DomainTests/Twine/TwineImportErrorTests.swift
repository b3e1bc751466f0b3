import Domain
import Foundation
import Protocols
import Testing

@Suite("Bad input is refused with its line, and nothing is imported")
struct TwineImportErrorTests {
    typealias Kind = TwineImportError.Kind

    func error(_ text: String, as format: TwineFormat = .twee, limits: TwineImportLimits = .default) -> TwineImportError? {
        TwineFixtures.importError(text, as: format, limits: limits)
    }

    @Test("an unknown format name is refused, with no line to name")
    func unknownFormat() {
        #expect(throws: TwineImportError(.unknownFormat("ink"), line: nil)) { try TwineFormat(name: "ink") }
        #expect(throws: TwineImportError(.unknownFormat("ink"), line: nil)) {
            try TwineImport.read(Data(":: A".utf8), formatName: "ink")
        }
        #expect(TwineImportError(.unknownFormat("ink"), line: nil).description == "unknown format 'ink' (expected twee, json or html)")
    }

    @Test("format names are read as users write them")
    func formatNames() throws {
        #expect(try TwineFormat(name: "Twee3") == .twee)
        #expect(try TwineFormat(name: "twine-json") == .json)
        #expect(try TwineFormat(name: "archive") == .html)
        #expect(TwineFormat.detect(in: "  {\"name\":1}") == .json)
        #expect(TwineFormat.detect(in: "<html>") == .html)
        #expect(TwineFormat.detect(in: ":: StoryTitle") == .twee)
        #expect(TwineFormat.detect(in: ":: A\nThe <tw-storydata> element") == .twee)
        #expect(TwineFormat.detect(in: "hello") == nil)
        #expect(TwineFormat(fileExtension: ".TW") == .twee)
        #expect(TwineFormat(fileExtension: "htm") == .html)
        #expect(TwineFormat(fileExtension: "ink") == nil)
    }

    @Test("two passages with one name: the second's line, the first's in the message")
    func duplicateNamesTwee() {
        let failure = error(":: StoryTitle\nT\n\n:: Cave\nDark.\n\n:: Cave\nDarker.\n")
        #expect(failure == TwineImportError(.duplicatePassageName("Cave", firstLine: 4), line: 7))
        #expect(failure?.description == "line 7: two passages are named 'Cave' (first on line 4)")
    }

    @Test("a second StoryData is a duplicate too")
    func duplicateStoryData() {
        #expect(error(":: StoryData\n{}\n:: StoryData\n{}\n")?.line == 3)
    }

    @Test("a link to a missing passage: the line of the link")
    func missingLinkTwee() {
        let text = ":: Hall\nA hall.\n[[Cellar]]\n\n:: Cellar\n[[Up->Hall]]\n[[Down->Basement]]\n"
        let failure = error(text)
        #expect(failure == TwineImportError(.linkToMissingPassage(target: "Basement", from: "Cellar"), line: 7))
        #expect(failure?.description == "line 7: passage 'Cellar' links to 'Basement', which is no passage of the story")
    }

    @Test("over the byte limit: refused before reading, at the line where the limit falls")
    func tooLarge() {
        // Byte 61, the first over the limit, is the first of line 7 (5 bytes, then lines of 11).
        let text = ":: A\n" + String(repeating: "0123456789\n", count: 20)
        #expect(error(text, limits: TwineImportLimits(maxBytes: 60)) == TwineImportError(.tooLarge(bytes: 225, limit: 60), line: 7))
        #expect(error(text, limits: TwineImportLimits(maxBytes: 225)) == nil)
    }

    @Test("over the passage limit: the line of the first passage over it (StoryTitle and StoryData not counted)")
    func tooManyPassages() {
        let text = ":: StoryTitle\nT\n:: A\n:: B\n:: C\n"
        #expect(error(text, limits: TwineImportLimits(maxPassages: 2)) == TwineImportError(.tooManyPassages(limit: 2), line: 5))
        #expect(error(text, limits: TwineImportLimits(maxPassages: 3)) == nil)
    }

    @Test("the default limits are 5 MB and 5,000 passages")
    func defaultLimits() {
        #expect(TwineImportLimits.default == TwineImportLimits(maxBytes: 5_000_000, maxPassages: 5_000))
        let many = (1...5_001).map { ":: P\($0)" }.joined(separator: "\n")
        #expect(error(many) == TwineImportError(.tooManyPassages(limit: 5_000), line: 5_001))
    }

    @Test("invalid UTF-8: the line of the first bad byte")
    func invalidUTF8() {
        var data = Data(":: A\nfine\ncaf".utf8)
        data.append(contentsOf: [0xE9, 0x0A])  // Latin-1 "é", not UTF-8
        data.append(contentsOf: Array(":: B\n".utf8))
        #expect(TwineFixtures.importError(data) == TwineImportError(.invalidUTF8, line: 3))
        let overlong = Data([0x3A, 0x3A, 0x20, 0x41, 0xC0, 0xAF])
        #expect(TwineFixtures.importError(overlong, as: .json) == TwineImportError(.invalidUTF8, line: 1))
        let surrogate = Data([0x0A, 0x0A, 0xED, 0xA0, 0x80])
        #expect(TwineFixtures.importError(surrogate, as: .html) == TwineImportError(.invalidUTF8, line: 3))
    }

    @Test("malformed header metadata: the header's line")
    func malformedHeaderMetadata() {
        #expect(error(":: A\n:: B {\"position\":\"600,400\"\n")?.kind == .malformedMetadata(
            "unterminated JSON object in the metadata of passage 'B'"))
        #expect(error(":: A\n:: B {\"position\":\"600,400\"\n")?.line == 2)
        #expect(error(":: A\n\n:: B {\"position\":\"left\"}\n") == TwineImportError(
            .malformedMetadata("position \"left\" is not \"x,y\""), line: 3))
        #expect(error(":: A {\"choices\":[{},{}]}\n[[A]]\n")?.kind == .malformedMetadata(
            "choices has 2 entries for 1 links of passage 'A'"))
        #expect(error(":: A {\"choices\":\"[nope\"}\n[[A]]\n")?.line == 1)
    }

    @Test("malformed StoryData: the line of the fault inside it")
    func malformedStoryData() {
        let text = ":: StoryTitle\nT\n\n:: StoryData\n{\n\t\"ifid\": \"D674C58C-DEFA-4F70-B7A2-27742230C0FC\"\n\t\"start\": \"A\"\n}\n:: A\n"
        #expect(error(text)?.line == 7)
        #expect(error(":: StoryData\n{\n\t\"ifid\": \"not/an/ifid\"\n}\n:: A\n") == TwineImportError(
            .malformedStoryData("ifid 'not/an/ifid' is not an IFID"), line: 1))
        #expect(error(":: StoryData\n{\n\t\"variables\": [1]\n}\n:: A\n") == TwineImportError(
            .malformedStoryData("variables is not an object"), line: 3))
    }

    @Test("a start passage that does not exist: the line that names it")
    func missingStart() {
        #expect(error(":: StoryData\n{\n\t\"start\": \"Nowhere\"\n}\n:: A\n") == TwineImportError(
            .missingStartPassage("Nowhere"), line: 3))
    }

    @Test("text that is no Twee: before the first header, no header at all, a broken header")
    func notTwee() {
        #expect(error("Once upon a time\n:: A\n")?.line == 1)
        #expect(error("\n\n{\"name\": \"json?\"}")?.line == 3)
        #expect(error("")?.kind == .malformedInput("no passage header (a line starting with '::') found"))
        #expect(error(":: A\n::   [tag]\n")?.line == 2)
        #expect(error(":: A\n:: B [open\n")?.line == 2)
        #expect(error(":: A\n:: B [t] trailing\n")?.line == 2)
    }

    @Test("JSON: duplicate names at the second passage object, missing links at its text")
    func json() {
        let text = """
            {
              "name": "S",
              "passages": [
                {"name": "A", "tags": [], "text": "[[B]]"},
                {"name": "B", "tags": [], "text": ""},
                {"name": "A", "tags": [], "text": ""}
              ]
            }
            """
        #expect(error(text, as: .json) == TwineImportError(.duplicatePassageName("A", firstLine: 4), line: 6))
        let missing = """
            {"name": "S", "passages": [
              {"name": "A", "tags": [],
               "text": "one\\ntwo [[C]]"}
            ]}
            """
        #expect(error(missing, as: .json) == TwineImportError(.linkToMissingPassage(target: "C", from: "A"), line: 3))
        #expect(error("{\"name\": \"S\",\n \"passages\": [\n  {\"name\": \"A\" \"tags\": []}\n]}", as: .json)?.line == 3)
        #expect(error("[]", as: .json)?.kind == .malformedInput("a Twine 2 JSON story is a JSON object"))
        #expect(error("{\"name\": \"S\"}", as: .json)?.kind == .malformedInput("the story has no 'passages' array"))
        #expect(error("{\"name\": \"S\", \"passages\": [\n{\"tags\": []}]}", as: .json)?.line == 2)
        #expect(error("{\"passages\": [\n{\"name\": \"A\",\n \"metadata\": {\"position\": 5}}]}", as: .json) == TwineImportError(
            .malformedMetadata("position 5 is not \"x,y\""), line: 3))
        let four = "{\"passages\": [\n{\"name\": \"A\"},\n{\"name\": \"B\"},\n{\"name\": \"C\"}]}"
        #expect(error(four, as: .json, limits: TwineImportLimits(maxPassages: 2)) == TwineImportError(
            .tooManyPassages(limit: 2), line: 4))
    }

    @Test("HTML: the line of the element at fault")
    func html() {
        let duplicate = """
            <tw-storydata name="S" startnode="1" ifid="606B5476-BA53-4A70-B4F5-F6794AE67744">
            <tw-passagedata pid="1" name="A">[[B]]</tw-passagedata>
            <tw-passagedata pid="2" name="B"></tw-passagedata>
            <tw-passagedata pid="3" name="A"></tw-passagedata>
            </tw-storydata>
            """
        #expect(error(duplicate, as: .html) == TwineImportError(.duplicatePassageName("A", firstLine: 2), line: 4))
        let missing = """
            <tw-storydata name="S" startnode="1">
            <tw-passagedata pid="1" name="A">First line
            second [[Nowhere]]</tw-passagedata>
            </tw-storydata>
            """
        #expect(error(missing, as: .html) == TwineImportError(.linkToMissingPassage(target: "Nowhere", from: "A"), line: 3))
        #expect(error("<tw-storydata name=\"S\" startnode=\"9\">\n<tw-passagedata pid=\"1\" name=\"A\"></tw-passagedata></tw-storydata>", as: .html)
            == TwineImportError(.missingStartPassage("pid 9"), line: 1))
        let two = "<tw-storydata name=\"1\"></tw-storydata>\n\n<tw-storydata name=\"2\"></tw-storydata>\n"
        #expect(error(two, as: .html)?.line == 3)
        #expect(error("<html></html>", as: .html)?.kind == .malformedInput("no <tw-storydata> element found"))
        #expect(error("<tw-storydata name=\"S\">\n<tw-passagedata name=\"A\">open", as: .html)?.line == 1)
        #expect(error("<tw-storydata name=\"S\">\n<tw-passagedata name=\"A\">x</tw-passagedata>\n", as: .html)?.line == 1)
        #expect(error("<tw-storydata>\n\n<tw-passagedata pid=\"1\" name=\"A\" position=\"x\"></tw-passagedata></tw-storydata>", as: .html)
            == TwineImportError(.malformedMetadata("position \"x\" is not \"x,y\""), line: 3))
    }

    @Test("all or nothing: a fault in the last passage refuses the whole story")
    func allOrNothing() {
        var text = (1...50).map { ":: P\($0)\n[[P\($0 + 1)]]" }.joined(separator: "\n")
        text += "\n:: P51 {\"position\":\"1,1\",}"
        #expect(error(text)?.line == 101)
    }
}
