import Domain
import Foundation
import Protocols
import Testing

@Suite("Twine 2 JSON")
struct TwineJSONTests {
    @Test("export follows the Twine 2 JSON document: story properties, passages with string metadata")
    func export() throws {
        let text = try TwineExport.json(TwineFixtures.lockedDoor)
        let root = try #require(try JSONValue(parsing: text).objectValue)
        #expect(root["name"] == "The Locked Door")
        #expect(root["ifid"] == .string(TwineFixtures.ifid))
        #expect(root["format"] == "Harlowe")
        #expect(root["format-version"] == "3.3.9")
        #expect(root["creator"] == "story-server")
        #expect(root["start"] == "Hall")
        #expect(root["variables"] == ["hasKey": false])
        guard case .array(let passages) = root["passages"] else {
            Issue.record("no passages array")
            return
        }
        #expect(passages.count == 3)
        #expect(passages[0]["name"] == "Hall")
        #expect(passages[0]["tags"] == ["start"])
        #expect(passages[0]["text"] == "You stand in a hall. A door is locked.\n\n[[Go down to the cellar->Cellar]]\n[[Open the door->Garden]]")
        #expect(passages[0]["metadata"] == [
            "position": "100,100", "size": "100,100",
            "choices": #"[{},{"condition":{"==":[{"var":"vars.hasKey"},true]}}]"#,
        ])
        // Every metadata value is a string, as the document asks.
        for passage in passages {
            for value in passage["metadata"]?.objectValue?.values.map({ $0 }) ?? [] {
                #expect(value.stringValue != nil)
            }
        }
    }

    @Test("the document's own example imports; its start names a passage")
    func documentExample() throws {
        let text = """
            {
              "name": "Example",
              "ifid": "D674C58C-DEFA-4F70-B7A2-27742230C0FC",
              "format": "Snowman",
              "format-version": "3.0.2",
              "start": "My Starting Passage",
              "tag-colors": {
                "bar": "Green",
                "foo": "red",
                "qaz": "blue"
              },
              "zoom": 0.25,
              "creator": "Twine",
              "creator-version": "2.8",
              "style": "",
              "script": "",
              "passages": [
                {
                  "name": "My Starting Passage",
                  "tags": ["tag1", "tag2"],
                  "metadata": {
                    "position":"600,400",
                    "size":"100,200"
                  },
                  "text": "Double-click this passage to edit it."
                }
              ]
            }
            """
        let graph = try TwineImport.read(text, format: .json)
        #expect(graph.title == "Example")
        #expect(graph.scenes == [
            StoryScene(
                id: "1", title: "My Starting Passage", text: "Double-click this passage to edit it.", isStart: true,
                position: Position(x: 600, y: 400))
        ])
    }

    @Test("a start given as a passage's pid is accepted too")
    func startAsPid() throws {
        let text = #"{"name":"P","start":"2","passages":[{"pid":"1","name":"A","tags":[],"text":""},{"pid":2,"name":"B","tags":[],"text":""}]}"#
        let graph = try TwineImport.read(text, format: .json)
        #expect(graph.scenes.map(\.isStart) == [false, true])
    }

    @Test("choice rules written as inline JSON (as in Twee) are read from JSON too")
    func inlineChoices() throws {
        let text = #"{"name":"P","passages":[{"name":"A","tags":[],"metadata":{"choices":[{"condition":{"var":"vars.k"}}]},"text":"[[A]]"}]}"#
        let graph = try TwineImport.read(text, format: .json)
        #expect(graph.choices == [StoryChoice(from: "1", to: "1", text: "A", condition: ["var": "vars.k"])])
    }
}

@Suite("Importing Twine 2 HTML")
struct TwineHTMLImportTests {
    /// A library archive as Twine 2.7 writes one (twine-2-archive-spec.md), with entities in the text.
    static let archive = """
        <tw-storydata name="Caf&eacute; &amp; Co" startnode="2" creator="Twine" creator-version="2.7.1" format="Harlowe" format-version="3.3.7" ifid="606B5476-BA53-4A70-B4F5-F6794AE67744" options="" tags="" zoom="1" hidden><style role="stylesheet" id="twine-user-stylesheet" type="text/twine-css"></style><script role="script" id="twine-user-script" type="text/twine-javascript"></script>
        <tw-passagedata pid="1" name="Bar &amp; Grill" tags="end" position="900,400" size="100,100">Rock &amp; roll, &quot;loud&quot; &lt;music&gt; &#39;n&#x27; more.</tw-passagedata>
        <tw-passagedata pid="2" name="Door" tags="" position="600.5,400" size="100,100">You&#39;re at the door.
        [[Go in-&gt;Bar &amp; Grill]]
        [[Bar &amp; Grill&lt;-Sneak in]]</tw-passagedata></tw-storydata>


        """

    @Test("passages, entities, positions, tags and startnode all read")
    func archiveImports() throws {
        let graph = try TwineImport.read(Self.archive, format: .html)
        #expect(graph.title == "Caf&eacute; & Co", "only the entities Twine writes are decoded")
        #expect(graph.ifid == "606B5476-BA53-4A70-B4F5-F6794AE67744")
        #expect(graph.scenes == [
            StoryScene(
                id: "1", title: "Bar & Grill", text: "Rock & roll, \"loud\" <music> 'n' more.", isEnd: true,
                position: Position(x: 900, y: 400)),
            StoryScene(id: "2", title: "Door", text: "You're at the door.", isStart: true, position: Position(x: 600.5, y: 400)),
        ])
        #expect(graph.choices == [
            StoryChoice(from: "2", to: "1", text: "Go in", order: 0),
            StoryChoice(from: "2", to: "1", text: "Sneak in", order: 1),
        ])
    }

    @Test("a published story reads the same: the element is found inside the page")
    func publishedPage() throws {
        let page = "<!DOCTYPE html>\n<html><head><title>x</title></head><body>\n<tw-story></tw-story>\n"
            + Self.archive + "<script>/* engine */</script></body></html>\n"
        #expect(try TwineImport.read(page, format: .html) == TwineImport.read(Self.archive, format: .html))
    }

    @Test("an imported HTML story exports to Twee that round-trips")
    func htmlToTwee() throws {
        let twee = try TwineExport.twee(TwineImport.read(Self.archive, format: .html))
        #expect(try TwineExport.twee(TwineImport.read(twee, format: .twee)) == twee)
        #expect(twee.contains(":: Door [start] {\"position\":\"600.5,400\",\"size\":\"100,100\"}\nYou're at the door.\n\n[[Go in->Bar & Grill]]\n[[Sneak in->Bar & Grill]]\n"))
    }
}
