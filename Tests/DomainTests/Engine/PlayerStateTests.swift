import Domain
import Foundation
import Protocols
import Testing

/// The player state a condition reads, and the move that changes it.
@Suite("Player state and moves")
struct PlayerStateTests {
    let scenarioId = ObjectId()

    @Test("a new player has the declared variables, the start scene visited once, no step")
    func start() {
        let hall = ObjectId()
        let state = PlayerState.start(at: hall, variables: ["hasKey": false])
        #expect(state == PlayerState(vars: ["hasKey": false], visited: [hall: 1], chosen: [:], steps: 0))
    }

    @Test("a rule reads vars, visited and chosen by lowercase hex id, and steps")
    func ruleData() throws {
        let scene = ObjectId()
        let choice = ObjectId()
        let state = PlayerState(vars: ["gold": 3], visited: [scene: 2], chosen: [choice: 1], steps: 4)
        let data = state.ruleData
        #expect(try JSONLogic.apply(["var": "vars.gold"], to: data) == 3)
        #expect(try JSONLogic.apply(["var": .string("visited.\(scene.hexString)")], to: data) == 2)
        #expect(try JSONLogic.apply(["var": .string("chosen.\(choice.hexString)")], to: data) == 1)
        #expect(try JSONLogic.apply(["var": "steps"], to: data) == 4)
        #expect(try JSONLogic.apply(["var": [.string("visited.\(ObjectId().hexString)"), 0]], to: data) == 0)
    }

    @Test("the stored form reads back, old records without it read as empty, and a bad one is refused")
    func storedForm() throws {
        let state = PlayerState(vars: ["gold": 3, "name": "Ann"], visited: [ObjectId(): 2], chosen: [ObjectId(): 1], steps: 4)
        #expect(PlayerState(jsonValue: state.jsonValue) == state)
        let data = try JSONEncoder().encode(state)
        #expect(try JSONDecoder().decode(PlayerState.self, from: data) == state)
        #expect(PlayerState(jsonValue: .null) == PlayerState())
        #expect(PlayerState(jsonValue: ["vars": ["a": 1]]) == PlayerState(vars: ["a": 1]))
        #expect(PlayerState(jsonValue: ["visited": ["not-an-id": 1]]) == nil)
        #expect(PlayerState(jsonValue: ["steps": -1]) == nil)
    }

    /// A hall with a locked door to a vault, and a cupboard where the key is.
    struct LockedDoor {
        let scenario: Scenario
        let hall, cupboard, vault: Scene
        let openCupboard, takeKey, openDoor: Choice
        let effects: [ObjectId: [Effect]]
        let variables: JSONValue = ["hasKey": false]

        init() {
            let scenario = Scenario(title: "The Vault", authorId: ObjectId())
            let hall = Scene(scenarioId: scenario.id, title: "Hall", order: 0, isStartScene: true)
            let cupboard = Scene(scenarioId: scenario.id, title: "Cupboard", order: 1)
            let vault = Scene(scenarioId: scenario.id, title: "Vault", order: 2, isEndScene: true)
            self.scenario = scenario
            self.hall = hall
            self.cupboard = cupboard
            self.vault = vault
            openDoor = Choice(fromSceneId: hall.id, toSceneId: vault.id, text: "Open the door",
                              condition: ["==": [["var": "vars.hasKey"], true]], order: 0)
            openCupboard = Choice(fromSceneId: hall.id, toSceneId: cupboard.id, text: "Open the cupboard", order: 1)
            takeKey = Choice(fromSceneId: cupboard.id, toSceneId: hall.id, text: "Take the key and go back")
            effects = [takeKey.id: [.set(variable: "hasKey", value: true)]]
        }

        var scenes: [Scene] { [hall, cupboard, vault] }
        var choices: [Choice] { [openDoor, openCupboard, takeKey] }
    }

    @Test("a locked door opens after the key is picked up")
    func lockedDoor() throws {
        let story = LockedDoor()
        let declared = try StoryVariables.parse(story.variables)
        var state = PlayerState.start(at: story.hall.id, variables: declared)

        // In the hall, without the key: the door does not open, and the author is told why.
        let locked = state.availability(of: story.openDoor)
        #expect(!locked.isAvailable)
        #expect(locked.reason == #"the condition {"==":[{"var":"vars.hasKey"},true]} is false (vars.hasKey = false)"#)
        #expect(throws: MoveError.conditionNotMet(choiceId: story.openDoor.id, reason: locked.reason!)) {
            try state.moving(from: story.hall.id, along: story.openDoor, effects: [], to: story.vault)
        }

        // To the cupboard and back with the key.
        state = try state.moving(from: story.hall.id, along: story.openCupboard, effects: [], to: story.cupboard)
        state = try state.moving(from: story.cupboard.id, along: story.takeKey, effects: story.effects[story.takeKey.id]!, to: story.hall)
        #expect(state.vars["hasKey"] == true)

        // Now the door opens.
        #expect(state.availability(of: story.openDoor) == .available)
        state = try state.moving(from: story.hall.id, along: story.openDoor, effects: [], to: story.vault)
        #expect(state == PlayerState(
            vars: ["hasKey": true],
            visited: [story.hall.id: 2, story.cupboard.id: 1, story.vault.id: 1],
            chosen: [story.openCupboard.id: 1, story.takeKey.id: 1, story.openDoor.id: 1],
            steps: 3))

        // And the story as a whole is clean.
        let problems = StoryValidator.validate(
            scenario: story.scenario, scenes: story.scenes, choices: story.choices, variables: story.variables,
            effects: story.effects.mapValues(Effect.jsonValue(of:)))
        #expect(problems == [])
    }

    @Test("a move counts the step, the choice and the destination, then applies the effects")
    func move() throws {
        let a = Scene(scenarioId: scenarioId, title: "A", isStartScene: true)
        let b = Scene(scenarioId: scenarioId, title: "B")
        let loop = Choice(fromSceneId: a.id, toSceneId: a.id, text: "Wait", condition: ["<": [["var": "steps"], 2]])
        let go = Choice(fromSceneId: a.id, toSceneId: b.id, text: "Go")
        var state = PlayerState.start(at: a.id, variables: ["gold": 0])
        state = try state.moving(from: a.id, along: loop, effects: [.add(variable: "gold", amount: 1)], to: a)
        state = try state.moving(from: a.id, along: loop, effects: [.add(variable: "gold", amount: 1)], to: a)
        #expect(state == PlayerState(vars: ["gold": 2], visited: [a.id: 3], chosen: [loop.id: 2], steps: 2))
        #expect(!state.availability(of: loop).isAvailable, "steps < 2 no longer holds")
        state = try state.moving(from: a.id, along: go, effects: [], to: b)
        #expect(state.visited[b.id] == 1 && state.steps == 3)
    }

    @Test("a move is refused from another scene, to another destination, or when its effects fail; the state is unchanged")
    func refusedMoves() throws {
        let a = Scene(scenarioId: scenarioId, title: "A")
        let b = Scene(scenarioId: scenarioId, title: "B")
        let go = Choice(fromSceneId: a.id, toSceneId: b.id, text: "Go")
        let state = PlayerState.start(at: a.id, variables: ["name": "Ann"])
        #expect(throws: MoveError.notFromCurrentScene(choiceId: go.id, currentSceneId: b.id)) {
            try state.moving(from: b.id, along: go, effects: [], to: b)
        }
        #expect(throws: MoveError.wrongDestination(choiceId: go.id, expected: b.id, given: a.id)) {
            try state.moving(from: a.id, along: go, effects: [], to: a)
        }
        #expect(throws: MoveError.effectFailed(choiceId: go.id, .notANumber(variable: "name", value: "Ann"))) {
            try state.moving(from: a.id, along: go, effects: [.add(variable: "name", amount: 1)], to: b)
        }
    }

    @Test("a condition that cannot be evaluated makes the choice unavailable, with the error as the reason")
    func brokenCondition() {
        let choice = Choice(fromSceneId: ObjectId(), toSceneId: ObjectId(), text: "?", condition: ["teleport": [1]])
        let availability = PlayerState().availability(of: choice)
        #expect(availability == ChoiceAvailability(isAvailable: false, reason: "the condition could not be evaluated: unknown operator 'teleport'"))
    }

    @Test("replaying a history from the start gives the state the moves led to")
    func replay() throws {
        let story = LockedDoor()
        let replayed = try PlayerState.replaying(from: story.hall.id, variables: ["hasKey": false], steps: [
            (story.openCupboard.id, story.cupboard.id, []),
            (story.takeKey.id, story.hall.id, story.effects[story.takeKey.id]!),
        ])
        #expect(replayed == PlayerState(
            vars: ["hasKey": true], visited: [story.hall.id: 2, story.cupboard.id: 1],
            chosen: [story.openCupboard.id: 1, story.takeKey.id: 1], steps: 2))
    }
}
