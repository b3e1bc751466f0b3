import Domain
import Foundation
import Protocols
import Testing

/// Builds a story scene by scene, naming scenes and choices by title.
struct EngineStoryBuilder {
    let scenario = Scenario(title: "Test story", authorId: ObjectId())
    private(set) var scenes: [Scene] = []
    private(set) var choices: [Choice] = []
    private(set) var effects: [ObjectId: JSONValue] = [:]
    var variables: JSONValue = .emptyObject

    @discardableResult
    mutating func scene(_ title: String, start: Bool = false, end: Bool = false, scenarioId: ObjectId? = nil) -> Scene {
        let scene = Scene(scenarioId: scenarioId ?? scenario.id, title: title, order: scenes.count,
                          isStartScene: start, isEndScene: end)
        scenes.append(scene)
        return scene
    }

    @discardableResult
    mutating func choice(
        _ text: String, from: String, to target: String, condition: JSONValue = .emptyObject, effects: JSONValue? = nil
    ) -> Choice {
        choice(text, from: from, toId: self[target].id, condition: condition, effects: effects)
    }

    @discardableResult
    mutating func choice(
        _ text: String, from: String, toId: ObjectId, condition: JSONValue = .emptyObject, effects: JSONValue? = nil
    ) -> Choice {
        let choice = Choice(fromSceneId: self[from].id, toSceneId: toId, text: text, condition: condition, order: choices.count)
        choices.append(choice)
        if let effects { self.effects[choice.id] = effects }
        return choice
    }

    subscript(title: String) -> Scene { scenes.first { $0.title == title }! }
    func choice(_ text: String) -> Choice { choices.first { $0.text == text }! }

    func validate() -> [StoryProblem] {
        StoryValidator.validate(scenario: scenario, scenes: scenes, choices: choices, variables: variables, effects: effects)
    }
}

@Suite("Story validation")
struct StoryValidatorTests {
    /// A small story using everything: variables, effects, conditions on visits, choices and
    /// steps, a loop that can be left, and two endings.
    static func cleanStory() -> EngineStoryBuilder {
        var story = EngineStoryBuilder()
        story.variables = ["gold": 0, "hasKey": false, "mood": "calm"]
        story.scene("Gate", start: true)
        story.scene("Market")
        story.scene("Vault", end: true)
        story.scene("Home", end: true)
        let market = story["Market"].id.hexString
        story.choice("Go to the market", from: "Gate", to: "Market")
        let work = story.choice("Work", from: "Market", to: "Market", condition: ["<": [["var": "steps"], 20]],
                                effects: [["add": "gold", "value": 5]])
        story.choice("Buy the key", from: "Market", to: "Gate", condition: [">=": [["var": "vars.gold"], 10]],
                     effects: [["add": "gold", "value": -10], ["set": "hasKey", "value": true], ["set": "mood", "value": "proud"]])
        story.choice("Open the vault", from: "Gate", to: "Vault", condition: ["and": [
            ["==": [["var": "vars.hasKey"], true]],
            [">": [["var": [.string("visited.\(market)"), 0]], 0]],
            ["in": [["var": "vars.mood"], ["proud", "calm"]]],
        ]])
        story.choice("Go home", from: "Market", to: "Home",
                     condition: ["or": [["!": ["var": .string("chosen.\(work.id.hexString)")]], true]])
        story.choice("Give up", from: "Gate", to: "Home")
        return story
    }

    @Test("a clean story has no problem")
    func clean() {
        #expect(Self.cleanStory().validate() == [])
    }

    /// One story with every problem but the missing start scene (it has two).
    static func brokenStory() -> (story: EngineStoryBuilder, elsewhere: Scene) {
        var story = EngineStoryBuilder()
        story.variables = ["name": "Ann", "mood": "grumpy", "bad.name": 1]
        story.scene("Gate", start: true)
        story.scene("Side gate", start: true)
        story.scene("Hall")
        story.scene("Exit", end: true)
        story.scene("Cellar")
        story.scene("Maze 1")
        story.scene("Maze 2")
        story.scene("Attic")
        story.scene("Secret room", end: true)
        let elsewhere = story.scene("Elsewhere", start: true, scenarioId: ObjectId())

        story.choice("Enter", from: "Gate", to: "Hall")
        story.choice("Enter too", from: "Side gate", to: "Hall")
        story.choice("Fly away", from: "Hall", toId: ObjectId())
        story.choice("Portal", from: "Hall", toId: elsewhere.id)
        story.choice("Cast a spell", from: "Hall", to: "Exit", condition: ["teleport": ["var": "vars.name"]])
        story.choice("Bribe", from: "Hall", to: "Exit", effects: [["set": "paid", "value": true], ["add": "gold", "value": "lots"]])
        story.choice("Use the key", from: "Hall", to: "Exit", condition: ["==": [["var": "vars.hasKye"], true]])
        story.choice("Remember", from: "Hall", to: "Exit", condition: [">": [["var": "visits.hall"], 0]])
        story.choice("Say the magic word", from: "Hall", to: "Secret room", condition: ["==": [["var": "vars.mood"], "happy"]])
        story.choice("Shout", from: "Hall", to: "Exit", effects: [["set": "mood", "value": "angry"], ["add": "name", "value": 1]])
        story.choice("Go down", from: "Hall", to: "Cellar")
        story.choice("Into the maze", from: "Hall", to: "Maze 1")
        story.choice("Left", from: "Maze 1", to: "Maze 2")
        story.choice("Right", from: "Maze 2", to: "Maze 1")
        story.choice("Again", from: "Exit", to: "Gate")
        story.choice("Climb down", from: "Attic", to: "Exit")
        return (story, elsewhere)
    }

    static func noStartStory() -> EngineStoryBuilder {
        var story = EngineStoryBuilder()
        story.scene("Only", end: true)
        return story
    }

    @Test("every kind of problem is found on a purpose-built broken story")
    func everyProblem() {
        let codes = Set(Self.brokenStory().story.validate().map(\.code)).union(Self.noStartStory().validate().map(\.code))
        #expect(codes == Set(StoryProblem.Code.allCases), "missing: \(Set(StoryProblem.Code.allCases).subtracting(codes))")
    }

    @Test("each problem of the broken story, with its severity, its scene and its choice")
    func brokenStoryProblems() {
        let (story, _) = Self.brokenStory()
        let found = story.validate().map { problem in
            Found(problem.code, problem.severity,
                  scene: problem.sceneId.flatMap { id in story.scenes.first { $0.id == id }?.title },
                  choice: problem.choiceId.flatMap { id in story.choices.first { $0.id == id }?.text })
        }
        #expect(found == [
            Found(.multipleStartScenes, .error, scene: "Gate"),
            Found(.multipleStartScenes, .error, scene: "Side gate"),
            Found(.invalidVariables, .error),
            Found(.invalidEffects, .error, scene: "Hall", choice: "Bribe"),
            Found(.addToNonNumber, .warning, scene: "Hall", choice: "Shout"),
            Found(.missingTarget, .error, scene: "Hall", choice: "Fly away"),
            Found(.foreignTarget, .error, scene: "Hall", choice: "Portal"),
            Found(.invalidCondition, .error, scene: "Hall", choice: "Cast a spell"),
            Found(.undeclaredVariable, .error, scene: "Hall", choice: "Use the key"),
            Found(.unknownReference, .error, scene: "Hall", choice: "Remember"),
            Found(.conditionNeverTrue, .warning, scene: "Hall", choice: "Say the magic word"),
            Found(.unreachableScene, .warning, scene: "Attic"),
            Found(.unreachableScene, .warning, scene: "Secret room"),
            Found(.deadEnd, .error, scene: "Cellar"),
            Found(.endSceneWithChoices, .warning, scene: "Exit"),
            Found(.noWayToEnd, .error, scene: "Maze 1"),
        ])
    }

    struct Found: Equatable, CustomStringConvertible {
        var code: StoryProblem.Code
        var severity: StoryProblem.Severity
        var scene: String?
        var choice: String?

        init(_ code: StoryProblem.Code, _ severity: StoryProblem.Severity, scene: String? = nil, choice: String? = nil) {
            self.code = code
            self.severity = severity
            self.scene = scene
            self.choice = choice
        }

        var description: String { "\(code) \(severity) \(scene ?? "-") \(choice ?? "-")" }
    }

    @Test("messages name the scenes, choices and variables concerned")
    func messages() {
        let (story, _) = Self.brokenStory()
        let messages = Dictionary(story.validate().map { ($0.code, $0.message) }, uniquingKeysWith: { first, _ in first })
        #expect(messages[.undeclaredVariable]?.contains("vars.hasKye") == true)
        #expect(messages[.invalidCondition] == #"The condition of choice "Cast a spell" of scene "Hall" is refused: unknown operator 'teleport'."#)
        #expect(messages[.invalidEffects] == #"The effects of choice "Bribe" of scene "Hall" are refused: effect 1: 'add' needs a number as 'value', got "lots"."#)
        #expect(messages[.conditionNeverTrue]?.contains(#"vars.mood is only ever "angry", "grumpy""#) == true)
        #expect(messages[.noWayToEnd]?.contains(#"scene "Maze 1", scene "Maze 2""#) == true)
        #expect(messages[.invalidVariables]?.contains("'bad.name'") == true)
        #expect(messages[.unknownReference]?.contains("'visits.hall'") == true)
        #expect(messages[.deadEnd] == #"Scene "Cellar" has no choice and is not an end scene: a player who reaches it is stuck."#)
    }

    @Test("no start scene is an error, for an empty story too")
    func noStart() {
        #expect(Self.noStartStory().validate().map(\.code) == [.noStartScene])
        let empty = EngineStoryBuilder()
        #expect(empty.validate().map(\.code) == [.noStartScene])
        #expect(empty.validate().blocksPublishing)
    }

    @Test("warnings alone let a story be published; one error stops it")
    func publishing() {
        var story = EngineStoryBuilder()
        story.scene("Start", start: true)
        story.scene("End", end: true)
        story.scene("Draft", end: true)
        story.choice("Go", from: "Start", to: "End")
        let problems = story.validate()
        #expect(problems.map(\.code) == [.unreachableScene])
        #expect(!problems.blocksPublishing && problems.errors.isEmpty)
        #expect(Self.brokenStory().story.validate().blocksPublishing)
    }

    @Test("a dead end or an endless cycle no player can reach is only a warning")
    func unreachableTraps() {
        var story = EngineStoryBuilder()
        story.scene("Start", start: true)
        story.scene("End", end: true)
        story.scene("Loose end")
        story.scene("Loop")
        story.choice("Go", from: "Start", to: "End")
        story.choice("Round", from: "Loop", to: "Loop")
        let problems = story.validate().map { "\($0.code) \($0.severity)" }
        #expect(problems == ["unreachableScene warning", "unreachableScene warning", "deadEnd warning", "noWayToEnd warning"])
    }

    @Test("a condition that can never be true", arguments: [
        // A constant rule.
        (#"{"==": [1, 2]}"#, [] as [String], true),
        (#"false"#, [], true),
        // A variable only ever 1, 2 or 3.
        (#"{">": [{"var": "vars.level"}, 5]}"#, [#"{"set": "level", "value": 2}"#, #"{"set": "level", "value": 3}"#], true),
        (#"{">": [{"var": "vars.level"}, 2]}"#, [#"{"set": "level", "value": 2}"#, #"{"set": "level", "value": 3}"#], false),
        // `add` makes the values unbounded: not decided.
        (#"{">": [{"var": "vars.level"}, 5]}"#, [#"{"add": "level", "value": 1}"#], false),
        // Visits and steps are not enumerated: not decided.
        (#"{"and": [{"<": [{"var": "steps"}, 0]}, {">": [{"var": "vars.level"}, 5]}]}"#, [], false),
        // Two variables: never both.
        (#"{"and": [{"==": [{"var": "vars.level"}, 1]}, {"==": [{"var": "vars.flag"}, true]}]}"#,
         [#"{"set": "flag", "value": true}"#, #"{"set": "level", "value": 2}"#], false),
        (#"{"and": [{"==": [{"var": "vars.level"}, 3]}, {"==": [{"var": "vars.flag"}, "yes"]}]}"#,
         [#"{"set": "flag", "value": true}"#], true),
    ])
    func neverTrue(_ condition: String, _ effects: [String], _ never: Bool) throws {
        var story = EngineStoryBuilder()
        story.variables = ["level": 1, "flag": false]
        story.scene("Start", start: true)
        story.scene("Middle")
        story.scene("End", end: true)
        story.choice("Begin", from: "Start", to: "Middle", effects: .array(try effects.map { try JSONValue(parsing: $0) }))
        story.choice("Finish", from: "Middle", to: "End")
        story.choice("Shortcut", from: "Start", to: "End", condition: try JSONValue(parsing: condition))
        let problems = story.validate()
        #expect(problems.map(\.code) == (never ? [.conditionNeverTrue] : []))
        #expect(problems.allSatisfy { $0.choiceId == story.choice("Shortcut").id })
    }

    @Test("a choice that can never be taken is left out of the graph: what only it reaches is unreachable")
    func neverTrueChoicesAreNotEdges() {
        var story = EngineStoryBuilder()
        story.scene("Start", start: true)
        story.scene("Hidden")
        story.scene("End", end: true)
        story.choice("Sealed", from: "Start", to: "Hidden", condition: ["==": [1, 2]])
        story.choice("Leave", from: "Start", to: "End")
        story.choice("Out", from: "Hidden", to: "End")
        #expect(story.validate().map(\.code) == [.conditionNeverTrue, .unreachableScene])

        var stuck = EngineStoryBuilder()
        stuck.scene("Start", start: true)
        stuck.scene("End", end: true)
        stuck.choice("Sealed", from: "Start", to: "End", condition: false)
        let problems = stuck.validate()
        #expect(problems.map(\.code) == [.conditionNeverTrue, .unreachableScene, .deadEnd])
        #expect(problems.last?.message == #"Scene "Start" is not an end scene, and none of its 1 choices can be taken (see their problems): a player who reaches it is stuck."#)
    }

    @Test("conditions may read only the player state, and ids of this story, in lowercase", arguments: [
        ("visited.SCENE", "ids are written in lowercase"),
        ("visited.OTHER", "no scene of this story has the id"),
        ("visited.xyz", "'xyz' is not a scene id"),
        ("chosen.SCENE", "no choice of this story has the id"),
        ("gold", "did you mean vars.gold?"),
        ("player.name", "the player state has no 'player'"),
        ("steps.count", "steps is a number"),
    ])
    func references(_ path: String, _ expected: String) {
        var story = EngineStoryBuilder()
        story.variables = ["gold": 0]
        let start = story.scene("Start", start: true)
        story.scene("End", end: true)
        let other = ObjectId()
        let resolved = path.replacingOccurrences(of: "SCENE", with: start.id.hexString.uppercased())
            .replacingOccurrences(of: "OTHER", with: other.hexString)
            .replacingOccurrences(of: "chosen." + start.id.hexString.uppercased(), with: "chosen." + start.id.hexString)
        story.choice("Go", from: "Start", to: "End", condition: ["var": .string(resolved)])
        story.choice("Leave", from: "Start", to: "End")
        let problems = story.validate()
        #expect(problems.map(\.code) == [.unknownReference])
        #expect(problems.first?.message.contains(expected) == true, "\(problems.first?.message ?? "")")
    }

    @Test("reads of visits, choices and steps of this story are fine")
    func stateReads() {
        var story = EngineStoryBuilder()
        let start = story.scene("Start", start: true)
        story.scene("End", end: true)
        let leave = story.choice("Leave", from: "Start", to: "End")
        story.choice("Go", from: "Start", to: "End", condition: ["or": [
            ["var": .string("visited.\(start.id.hexString)")], ["var": .string("chosen.\(leave.id.hexString)")],
            ["var": "steps"], ["var": "visited"], ["missing": ["vars"]],
        ]])
        #expect(story.validate() == [])
    }

    @Test("variables set only by effects need no declaration; an undeclared one read is an error")
    func declarations() {
        var story = EngineStoryBuilder()
        story.scene("Start", start: true)
        story.scene("End", end: true)
        story.choice("Take", from: "Start", to: "Start", effects: [["set": "torch", "value": true]])
        story.choice("Go", from: "Start", to: "End", condition: ["var": "vars.torch"])
        #expect(story.validate() == [])
        story.choice("Run", from: "Start", to: "End", condition: ["var": "vars.lamp"])
        #expect(story.validate().map(\.code) == [.undeclaredVariable])
    }

    @Test("the result does not depend on the order scenes and choices come in")
    func stableOrder() {
        let (story, elsewhere) = Self.brokenStory()
        let expected = story.validate()
        for seed in 0..<5 {
            var generator = EngineSeededGenerator(seed: UInt64(seed))
            let problems = StoryValidator.validate(
                scenario: story.scenario, scenes: (story.scenes + [elsewhere]).shuffled(using: &generator),
                choices: story.choices.shuffled(using: &generator), variables: story.variables, effects: story.effects)
            #expect(problems == expected)
        }
    }

    @Test("a story of 200 scenes in a chain with conditions validates clean (timing is in EngineBench)")
    func largeStory() {
        var story = EngineStoryBuilder()
        story.variables = ["gold": 0, "door": "closed"]
        for i in 0..<200 { story.scene("S\(i)", start: i == 0, end: i == 199) }
        for i in 0..<199 {
            story.choice("next \(i)", from: "S\(i)", to: "S\(i + 1)", effects: [["add": "gold", "value": 1]])
            if i + 1 < 199 {
                story.choice("back \(i)", from: "S\(i + 1)", to: "S\(i)", condition: [">": [["var": "vars.gold"], 3]])
            }
            story.choice("door \(i)", from: "S\(i)", to: "S\((i * 7) % 200)",
                         condition: ["==": [["var": "vars.door"], "open"]], effects: [["set": "door", "value": "open"]])
        }
        #expect(story.validate() == [])
    }
}

/// A small deterministic generator (SplitMix64) for the shuffles.
struct EngineSeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
