import Domain
import Foundation
import Protocols

/// Stories the Twine tests share.
enum TwineFixtures {
    static let ifid = "3B5C1E0A-8F2D-4C3B-9A7E-1D2F3A4B5C6D"

    /// A locked door that opens once the key from the cellar is taken.
    static let lockedDoor = StoryGraph(
        title: "The Locked Door",
        description: "A key, a door.",
        ifid: ifid,
        variables: ["hasKey": false],
        scenes: [
            StoryScene(
                id: "hall", title: "Hall", text: "You stand in a hall. A door is locked.", isStart: true,
                position: Position(x: 100, y: 100)),
            StoryScene(id: "cellar", title: "Cellar", text: "A key glints in the dark.", position: Position(x: 300, y: 100)),
            StoryScene(
                id: "garden", title: "Garden", text: "Sunlight. You are free.", isEnd: true,
                position: Position(x: 500, y: 100.5)),
        ],
        choices: [
            StoryChoice(
                from: "hall", to: "garden", text: "Open the door", order: 1,
                condition: ["==": [["var": "vars.hasKey"], true]]),
            StoryChoice(from: "hall", to: "cellar", text: "Go down to the cellar", order: 0),
            StoryChoice(
                from: "cellar", to: "hall", text: "Take the key and go back up",
                effects: [["set": "hasKey", "value": true]]),
        ]
    )

    /// The locked door as Twee 3, exactly as ``TwineExport`` writes it.
    static let lockedDoorTwee = """
        :: StoryTitle
        The Locked Door

        :: StoryData
        {
        \t"description": "A key, a door.",
        \t"format": "Harlowe",
        \t"format-version": "3.3.9",
        \t"ifid": "3B5C1E0A-8F2D-4C3B-9A7E-1D2F3A4B5C6D",
        \t"start": "Hall",
        \t"variables": {
        \t\t"hasKey": false
        \t}
        }

        :: Hall [start] {"choices":[{},{"condition":{"==":[{"var":"vars.hasKey"},true]}}],"position":"100,100","size":"100,100"}
        You stand in a hall. A door is locked.

        [[Go down to the cellar->Cellar]]
        [[Open the door->Garden]]

        :: Cellar {"choices":[{"effects":[{"set":"hasKey","value":true}]}],"position":"300,100","size":"100,100"}
        A key glints in the dark.

        [[Take the key and go back up->Hall]]

        :: Garden [end] {"position":"500,100.5","size":"100,100"}
        Sunlight. You are free.

        """

    /// A story that tests every corner of naming and escaping: duplicate titles, reserved names, link and
    /// header metacharacters, text with `[[` and `::`, choice text that a link cannot carry.
    static let awkward = StoryGraph(
        title: "  Odd\nnames ",
        ifid: "0f0e0d0c-0b0a-4908-8706-050403020100",
        scenes: [
            StoryScene(id: "a", title: "Cave", text: "::not a header\n[[not a link]] here", isStart: true),
            StoryScene(id: "b", title: "Cave", text: "Second cave  "),
            StoryScene(id: "c", title: "Door [locked] {x} a|b c->d back\\slash", text: ""),
            StoryScene(id: "d", title: "StoryData", text: "\n\nLeading blank lines"),
            StoryScene(id: "e", title: "   ", text: "untitled", isEnd: true, position: Position(x: -12.25, y: 0)),
            StoryScene(id: "f", title: "Cave (2)", text: "taken suffix"),
        ],
        choices: [
            StoryChoice(from: "a", to: "b", text: "to the [[second]] cave", order: 0),
            StoryChoice(from: "a", to: "c", text: "  padded  ", order: 1, condition: ["var": "vars.x"]),
            StoryChoice(from: "a", to: "d", text: "", order: 2),
            StoryChoice(from: "b", to: "e", text: "line\nbreak", order: 0, effects: [["add": "n", "value": 1]]),
            StoryChoice(from: "c", to: "f", text: "a->b", order: 0),
            StoryChoice(from: "c", to: "a", text: "a|b", order: 1),
            StoryChoice(from: "d", to: "a", text: "é ✓ \"quoted\"", order: 0),
        ]
    )

    /// Corners of the start rules and of text: no start scene but one titled `Start`, two start scenes
    /// elsewhere, Windows line ends, a literal `\:\:`, a `null` condition, odd numbers.
    static let corners: [StoryGraph] = [
        StoryGraph(
            title: "No start", ifid: ifid,
            scenes: [
                StoryScene(id: "x", title: "Start", text: "Not the start\r\nat all"),
                StoryScene(id: "y", title: "Other", text: "\\:\\:literal\n\\::too", position: Position(x: 1e20, y: -0.5)),
            ],
            choices: [StoryChoice(from: "x", to: "y", text: "go", condition: .null, effects: [["set": "n", "value": 0.1]])]),
        StoryGraph(
            title: "Two starts", description: "Line one\nline two", ifid: ifid, variables: ["n": 1.5, "s": "x"],
            scenes: [
                StoryScene(id: "p", title: "One", isStart: true, isEnd: true),
                StoryScene(id: "q", title: "Two", isStart: true),
            ]),
    ]

    /// A story of `count` scenes in a chain, each but the last with two choices.
    static func chain(_ count: Int) -> StoryGraph {
        var scenes: [StoryScene] = []
        var choices: [StoryChoice] = []
        for i in 0..<count {
            let position = Position(x: Double(i % 50) * 150, y: Double(i / 50) * 150)
            scenes.append(
                StoryScene(
                    id: "s\(i)", title: "Scene \(i)", text: "Text of scene \(i).\nSecond line.", isStart: i == 0,
                    isEnd: i == count - 1, position: position))
            guard i < count - 1 else { continue }
            choices.append(StoryChoice(from: "s\(i)", to: "s\(i + 1)", text: "On", order: 0))
            let condition: JSONValue = [">": [["var": "steps"], .int(i)]]
            let effect: JSONValue = ["add": "back", "value": 1]
            choices.append(
                StoryChoice(
                    from: "s\(i)", to: "s\(max(0, i - 1))", text: "Back", order: 1, condition: condition,
                    effects: [effect]))
        }
        return StoryGraph(title: "Chain", ifid: ifid, scenes: scenes, choices: choices)
    }

    static func data(_ text: String) -> Data { Data(text.utf8) }

    /// The error an import throws, or `nil` when it succeeds.
    static func importError(
        _ text: String, as format: TwineFormat = .twee, limits: TwineImportLimits = .default
    ) -> TwineImportError? {
        importError(Data(text.utf8), as: format, limits: limits)
    }

    static func importError(
        _ data: Data, as format: TwineFormat = .twee, limits: TwineImportLimits = .default
    ) -> TwineImportError? {
        do {
            _ = try TwineImport.read(data, format: format, limits: limits)
            return nil
        } catch {
            return error
        }
    }
}
