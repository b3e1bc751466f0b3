import Foundation
import Protocols

/// The story engine's fields: a choice's effects, a scenario's declared variables and IFID, a
/// progress's variables (and those a step left), and the conditional append that counts the history.
enum StoryEngineCases {
    static let all: [StoreConformanceCase] = [
        StoreConformanceCase("effects, variables, IFID and progress variables are stored and read back as written") { store in
            var scenario = Fixture.scenario()
            scenario.variables = ["hasKey": false, "gold": 0, "name": "Ada", "bag": ["a", 1.5, nil]]
            scenario.ifid = "D674C58C-DEFA-4F70-B7A2-27742230C0FC"
            try await store.insertScenario(scenario)
            let a = Fixture.scene(in: scenario.id, order: 0, title: "A", at: 1)
            let b = Fixture.scene(in: scenario.id, order: 1, title: "B", at: 2)
            try await store.insertScene(a)
            try await store.insertScene(b)
            var choice = Fixture.choice(from: a.id, to: b.id, at: 3)
            choice.condition = ["==": [["var": "vars.hasKey"], false]]
            choice.effects = [["set": "hasKey", "value": true], ["add": "gold", "value": 2.5]]
            try await store.insertChoice(choice)
            var progress = Fixture.progress(user: ObjectId(), scenario: scenario.id, scene: a.id, at: 4)
            progress.vars = ["hasKey": false, "gold": 0]
            progress.history[0].vars = ["hasKey": false, "gold": 0]
            try await store.insertProgress(progress)

            try expectEqual(try await store.scenarios(ids: [scenario.id]).first?.variables, scenario.variables, "variables")
            try expectEqual(try await store.scenarios(ids: [scenario.id]).first?.ifid, scenario.ifid, "ifid")
            try expectEqual(try await store.choices(ids: [choice.id]).first?.effects, choice.effects, "effects")
            let stored = try requireStored(try await store.progress(ids: [progress.id]).first)
            try expectEqual(stored.vars, progress.vars, "progress vars")
            try expectEqual(stored.history.first?.vars, progress.history[0].vars, "the first step's vars")

            // Updates write them too; an IFID can be removed.
            scenario.variables = .emptyObject
            scenario.ifid = nil
            try await store.updateScenario(scenario)
            try expectEqual(try await store.scenarios(ids: [scenario.id]).first?.variables, .emptyObject, "variables after update")
            try expectEqual(try await store.scenarios(ids: [scenario.id]).first?.ifid, nil, "ifid after update")
            choice.effects = .emptyArray
            try await store.updateChoice(choice)
            try expectEqual(try await store.choices(ids: [choice.id]).first?.effects, .emptyArray, "effects after update")
        },
        StoreConformanceCase("records written without the engine's fields read as no effects, no declarations, no variables") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            try expectEqual(try await store.choices(ids: [story.ab.id]).first?.effects, .emptyArray, "effects")
            try expectEqual(try await store.scenarios(ids: [story.scenario.id]).first?.variables, .emptyObject, "variables")
            let stored = try requireStored(try await store.progress(ids: [progress.id]).first)
            try expectEqual(stored.vars, .emptyObject, "vars")
            try expectEqual(stored.history.first?.vars, nil, "a step's vars")
        },
        StoreConformanceCase("an append sets the variables with the step, and one that keeps them leaves them") { store in
            let story = try await Story.insert(into: store)
            var progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            progress.vars = ["gold": 1]
            try await store.insertProgress(progress)
            let changed = ProgressStep(
                entry: HistoryEntry(sceneId: story.b.id, choiceId: story.ab.id, timestamp: Fixture.time(2), vars: ["gold": 2]),
                isCompleted: false, completedAt: nil, vars: ["gold": 2], expectedHistoryCount: 1)
            let after = try await store.appendStep(changed, toProgress: progress.id, at: Fixture.time(2), ifCurrentScene: story.a.id)
            try expectEqual(after.vars, ["gold": 2], "vars after the step")
            try expectEqual(after.history.last?.vars, ["gold": 2], "the step's vars")
            let kept = ProgressStep(
                entry: HistoryEntry(sceneId: story.c.id, choiceId: story.bc.id, timestamp: Fixture.time(3)),
                isCompleted: true, completedAt: Fixture.time(3))
            let last = try await store.appendStep(kept, toProgress: progress.id, at: Fixture.time(3), ifCurrentScene: story.b.id)
            try expectEqual(last.vars, ["gold": 2], "vars after a step that keeps them")
            try expectEqual(last.history.last?.vars, nil, "that step's vars")
            let reread = try requireStored(try await store.progress(ids: [progress.id]).first)
            try expectEqual(reread.vars, ["gold": 2], "vars read again")
            try expectEqual(reread.history.map(\.vars), [nil, ["gold": 2], nil], "each step's vars read again")
        },
        StoreConformanceCase("a conditional append expecting a history length is refused once the history grew, even back at the same scene") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            // A loop a → a: the current scene stays, only the history's length tells the states apart.
            let loop = ProgressStep(
                entry: HistoryEntry(sceneId: story.a.id, choiceId: story.ab.id, timestamp: Fixture.time(2)),
                isCompleted: false, completedAt: nil, vars: ["coins": 1], expectedHistoryCount: 1)
            _ = try await store.appendStep(loop, toProgress: progress.id, at: Fixture.time(2), ifCurrentScene: story.a.id)
            try await expectConflict {
                _ = try await store.appendStep(loop, toProgress: progress.id, at: Fixture.time(3), ifCurrentScene: story.a.id)
            }
            let stored = try requireStored(try await store.progress(ids: [progress.id]).first)
            try expectEqual(stored.history.count, 2, "history entries after the refused append")
            try expectEqual(stored.vars, ["coins": 1], "vars after the refused append")
        },
        StoreConformanceCase("of concurrent appends expecting one history length, exactly one lands") { store in
            let story = try await Story.insert(into: store)
            let progress = Fixture.progress(user: ObjectId(), scenario: story.scenario.id, scene: story.a.id, at: 1)
            try await store.insertProgress(progress)
            let landed = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 1...8 {
                    group.addTask {
                        let step = ProgressStep(
                            entry: HistoryEntry(sceneId: story.a.id, choiceId: story.ab.id, timestamp: Fixture.time(2)),
                            isCompleted: false, completedAt: nil, vars: ["n": .int(n)], expectedHistoryCount: 1)
                        do {
                            _ = try await store.appendStep(step, toProgress: progress.id, at: Fixture.time(2), ifCurrentScene: story.a.id)
                            return true
                        } catch StoreError.conflict {
                            return false
                        }
                    }
                }
                var count = 0
                for try await ok in group where ok { count += 1 }
                return count
            }
            try expectEqual(landed, 1, "appends that landed")
            try expectEqual(try await store.progress(ids: [progress.id]).first?.history.count, 2, "history entries")
        },
    ]
}
