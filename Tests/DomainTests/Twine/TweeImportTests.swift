import Domain
import Foundation
import Protocols
import Testing

@Suite("Importing Twee 3")
struct TweeImportTests {
    /// Written by hand from the Twee 3 specification (twine-specs, twee-3-specification.md): its
    /// `StoryData` example verbatim (tab-indented, `tag-colors`, `zoom`), and its passage header
    /// examples (`:: An overgrown path`, with `[forest spooky]` and `{"position":"600,400","size":"100,200"}`).
    static let specificationExample = """
        :: StoryTitle
        An overgrown path

        :: StoryData
        {
        \t"ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC",
        \t"format": "SugarCube",
        \t"format-version": "2.28.2",
        \t"start": "My Starting Passage",
        \t"tag-colors": {
        \t\t"bar": "green",
        \t\t"foo": "red",
        \t\t"qaz": "blue"
        \t},
        \t"zoom": 0.25
        }

        :: My Starting Passage [foo]
        Double-click this passage to edit it.
        [[An overgrown path]]

        :: An overgrown path [forest spooky] {"position":"600,400","size":"100,200"}
        The path winds into the trees.



        """

    @Test("the specification's own example imports: title, IFID, start passage, tags, position")
    func specificationExampleImports() throws {
        let graph = try TwineImport.read(Data(Self.specificationExample.utf8), format: .twee)
        #expect(graph.title == "An overgrown path")
        #expect(graph.ifid == "D674C58C-DEFA-4F70-B7A2-27742230C0FC")
        #expect(graph.scenes == [
            StoryScene(id: "1", title: "My Starting Passage", text: "Double-click this passage to edit it.", isStart: true),
            StoryScene(
                id: "2", title: "An overgrown path", text: "The path winds into the trees.",
                position: Position(x: 600, y: 400)),
        ])
        #expect(graph.choices == [StoryChoice(from: "1", to: "2", text: "An overgrown path", order: 0)])
    }

    @Test("the header forms of the specification all read: name only, tags only, metadata only, both")
    func headerForms() throws {
        let text = """
            :: An overgrown path
            :: With tags [forest spooky]
            :: With metadata {"position":"600,400","size":"100,200"}
            :: With both [forest spooky] {"position":"600,400","size":"100,200"}
            ::Tight[a]{"position":"1,2"}
            """
        let graph = try TwineImport.read(text, format: .twee)
        #expect(graph.scenes.map(\.title) == ["An overgrown path", "With tags", "With metadata", "With both", "Tight"])
        #expect(graph.scenes.map(\.position) == [
            nil, nil, Position(x: 600, y: 400), Position(x: 600, y: 400), Position(x: 1, y: 2),
        ])
    }

    @Test("Twee2's position block, after a tag block, is read as a position")
    func twee2Position() throws {
        let graph = try TwineImport.read(":: Old style [a] <600,400>\nText", format: .twee)
        #expect(graph.scenes[0].position == Position(x: 600, y: 400))
        #expect(TwineFixtures.importError(":: Old style [a] <600;400>\n")?.kind == .malformedMetadata("position \"600;400\" is not \"x,y\""))
    }

    @Test("the example file of twine-specs (twee-examples/json_encoded_metadata.twee) imports")
    func specRepositoryExample() throws {
        let text = """
            :: StoryTitle
            JSON Encoded Metadata Example


            :: StoryData
            {
            \t"ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC",
            \t"options": [
            \t\t"debug"
            \t],
            \t"tagColors": {
            \t\t"aa": "red",
            \t\t"ll\\"mm": "gray",
            \t\t"pp\\u0026qq": "gray"
            \t},
            \t"zoom": 0.25
            }


            :: Starting Passage [aa bb-cc dd_ee ff.gg hh/ii jj:kk ll"mm nn'oo pp&qq] {"position":"860,401","size":"200,100"}
            The starting passage of this example.


            """
        let graph = try TwineImport.read(text, format: .twee)
        #expect(graph.title == "JSON Encoded Metadata Example")
        #expect(graph.scenes == [
            StoryScene(
                id: "1", title: "Starting Passage", text: "The starting passage of this example.",
                position: Position(x: 860, y: 401))
        ])
    }

    @Test("every link form becomes a choice, in text order, and a link in prose leaves its text")
    func linkForms() throws {
        let text = """
            :: Start
            You see a [[door->Hall]] and a [[Cellar<-trapdoor]].
            [[Hall]]
            [[Climb out|Garden]] [[Back->Start][$visited to true]]
            An [[outside link->https://example.com]] stays as it is.

            :: Hall
            :: Cellar
            :: Garden
            """
        let graph = try TwineImport.read(text, format: .twee)
        #expect(graph.scenes[0].isStart, "a passage named Start starts the story when nothing else says")
        #expect(graph.scenes[0].text == "You see a door and a trapdoor.\nAn [[outside link->https://example.com]] stays as it is.")
        #expect(graph.choices.map { "\($0.order) \($0.text) → \($0.to)" } == [
            "0 door → 2", "1 trapdoor → 3", "2 Hall → 2", "3 Climb out → 4", "4 Back → 1",
        ])
    }

    @Test("the start is StoryData's start, else the passages tagged start; end passages are tagged end")
    func startAndEnd() throws {
        let tagged = try TwineImport.read(":: A\n[[B]]\n:: B [start]\n[[C]]\n:: C [end]\n", format: .twee)
        #expect(tagged.scenes.map(\.isStart) == [false, true, false])
        #expect(tagged.scenes.map(\.isEnd) == [false, false, true])
        let named = try TwineImport.read(":: StoryData\n{\"start\": \"C\"}\n:: Start\n:: C\n", format: .twee)
        #expect(named.scenes.map(\.isStart) == [false, true])
    }

    @Test("escaped header characters read back, and script or stylesheet passages are no scenes")
    func escapesAndCode() throws {
        let text = #"""
            :: Door \[locked\] \{x\} back\\slash \q [a\]b]
            \:\:not a header
            :: Story JavaScript [script]
            window.x = 1;
            :: Story Stylesheet [stylesheet]
            body {}
            """#
        let graph = try TwineImport.read(text, format: .twee)
        #expect(graph.scenes.map(\.title) == [#"Door [locked] {x} back\slash q"#])
        #expect(graph.scenes[0].text == "::not a header")
    }

    @Test("a story without StoryData or StoryTitle gets a new IFID and a default title")
    func defaults() throws {
        let graph = try TwineImport.read(":: Only\nHello", format: .twee)
        #expect(graph.title == "Untitled Story")
        #expect(TwineIFID.normalized(graph.ifid) == graph.ifid)
        #expect(graph.variables == .emptyObject)
    }

    @Test("Windows line ends and a byte-order mark read like plain lines")
    func lineEnds() throws {
        let graph = try TwineImport.read(Data("\u{FEFF}:: A\r\nOne\r\n[[B]]\r\n:: B\rTwo\r\n".utf8), format: .twee)
        #expect(graph.scenes.map(\.text) == ["One", "Two"])
        #expect(graph.choices.count == 1)
    }
}
