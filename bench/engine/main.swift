// Validation benchmark: a 200-scene story with three choices per scene (conditions on
// variables, visits and steps; set and add effects), validated repeatedly.
// Run: swift run -c release EngineBench [scenes] [iterations]
// Budget (issue 12): 200 scenes in well under 50 ms.
import Domain
import Foundation
import Protocols

let arguments = CommandLine.arguments
let sceneCount = arguments.count > 1 ? Int(arguments[1]) ?? 200 : 200
let iterations = arguments.count > 2 ? Int(arguments[2]) ?? 50 : 50

let scenario = Scenario(title: "Bench", authorId: ObjectId())
var scenes: [Scene] = []
for i in 0..<sceneCount {
    scenes.append(Scene(scenarioId: scenario.id, title: "Scene \(i)", order: i, isStartScene: i == 0, isEndScene: i == sceneCount - 1))
}
var choices: [Choice] = []
var effects: [ObjectId: JSONValue] = [:]
let variables: JSONValue = ["gold": 0, "hasKey": false, "mood": "calm", "chapter": 1]
for i in 0..<(sceneCount - 1) {
    let next = Choice(fromSceneId: scenes[i].id, toSceneId: scenes[i + 1].id, text: "On", order: 0)
    effects[next.id] = [["add": "gold", "value": 1], ["set": "chapter", "value": .int(i % 5 + 1)]]
    let back = Choice(fromSceneId: scenes[i].id, toSceneId: scenes[max(0, i - 3)].id, text: "Back", condition: ["and": [
        [">": [["var": "vars.gold"], 2]],
        ["<": [["var": "steps"], 500]],
        [">": [["var": [.string("visited.\(scenes[max(0, i - 3)].id.hexString)"), 0]], 0]],
    ]], order: 1)
    let jump = Choice(fromSceneId: scenes[i].id, toSceneId: scenes[(i * 7 + 3) % sceneCount].id, text: "Jump", condition: ["and": [
        ["==": [["var": "vars.hasKey"], true]],
        ["in": [["var": "vars.mood"], ["calm", "proud", "angry"]]],
        ["<=": [1, ["var": "vars.chapter"], 5]],
    ]], order: 2)
    effects[jump.id] = [["set": "hasKey", "value": .bool(i % 2 == 0)], ["set": "mood", "value": i % 3 == 0 ? "proud" : "angry"]]
    choices += [next, back, jump]
}

var problems: [StoryProblem] = []
/// CPU time of this thread, in ms: steadier than wall time on a shared machine.
func cpuMilliseconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) * 1e3 + Double(spec.tv_nsec) / 1e6
}

var wall: [Double] = []
var cpu: [Double] = []
for _ in 0..<iterations {
    let start = DispatchTime.now().uptimeNanoseconds
    let startCPU = cpuMilliseconds()
    problems = StoryValidator.validate(scenario: scenario, scenes: scenes, choices: choices, variables: variables, effects: effects)
    cpu.append(cpuMilliseconds() - startCPU)
    wall.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
}
wall.sort()
cpu.sort()
print("scenes=\(sceneCount) choices=\(choices.count) problems=\(problems.count) iterations=\(iterations)")
print(String(format: "validate wall: median %.2f ms, min %.2f ms, max %.2f ms", wall[wall.count / 2], wall.first!, wall.last!))
print(String(format: "validate cpu:  median %.2f ms, min %.2f ms, max %.2f ms (budget 50 ms)", cpu[cpu.count / 2], cpu.first!, cpu.last!))
if !problems.isEmpty { print(problems.prefix(5).map(\.message).joined(separator: "\n")) }
