import Foundation
import Protocols

/// Finds what is wrong with a story before players do: its structure (start, targets, reachable
/// scenes, dead ends, endless cycles) and its logic (conditions, effects, variables).
///
/// Validation is pure and linear in the size of the story (scenes + choices + the size of the
/// rules), apart from the bounded enumeration of ``StoryProblem/Code/conditionNeverTrue``
/// (at most 64 evaluations per condition).
///
/// Which problems are errors (publishing refuses them) and which are warnings is documented on
/// ``StoryProblem/Code``. In short: what leaves a player stuck or reading nonsense is an error
/// when a player can get there; what is merely unused or never offered is a warning.
public enum StoryValidator {
    /// The most combinations of variable values tried to show that a condition is never true.
    public static let maxCombinations = 64

    /// The problems of one story, in a stable order: the start, the variables, each choice (in
    /// scene and choice order), then the graph (unreachable scenes, dead ends, end scenes with
    /// choices, endless cycles). An empty list means the story is clean.
    ///
    /// - Parameters:
    ///   - scenario: the story.
    ///   - scenes: its scenes. Scenes of other scenarios may be included (for instance those
    ///     that choices lead to): they are not validated, they only tell a choice to a scene of
    ///     another scenario (``StoryProblem/Code/foreignTarget``) from one to a scene that does
    ///     not exist (``StoryProblem/Code/missingTarget``).
    ///   - choices: the choices leaving its scenes (others are ignored).
    ///   - variables: the scenario's declarations, a JSON object of name → initial value.
    ///   - effects: choice id → that choice's effects as stored (a JSON array); absent means none.
    ///   - limits: the bounds conditions run under.
    public static func validate(
        scenario: Scenario, scenes: [Scene], choices: [Choice],
        variables: JSONValue = .emptyObject, effects: [ObjectId: JSONValue] = [:],
        limits: JSONLogic.Limits = .default
    ) -> [StoryProblem] {
        var validation = StoryValidation(scenario: scenario, scenes: scenes, choices: choices, limits: limits)
        validation.checkStart()
        validation.readVariables(variables)
        validation.readEffects(effects)
        validation.checkChoices()
        validation.checkGraph()
        return validation.problems
    }
}

/// The state of one validation.
struct StoryValidation {
    let scenario: Scenario
    let limits: JSONLogic.Limits
    /// This scenario's scenes, by `order` then id.
    let scenes: [Scene]
    let sceneIndex: [ObjectId: Int]
    /// Scenes of other scenarios the caller passed.
    let foreignScenes: [ObjectId: Scene]
    /// The choices leaving this scenario's scenes, by scene then `order` then id.
    let choices: [Choice]
    let choiceIds: Set<ObjectId>
    var problems: [StoryProblem] = []

    /// Declared variables and their initial values (the valid declarations only).
    var declared: [String: JSONValue] = [:]
    /// Each choice's effects (those that could be read).
    var effectsByChoice: [ObjectId: [Effect]] = [:]
    /// Every variable a declaration gives or an effect sets.
    var knownVariables: Set<String> = []
    /// Every value a variable can hold (`nil`: not set), for those without an `add`.
    var possibleValues: [String: Set<JSONValue?>] = [:]
    /// Variables some effect adds to: their values are unbounded.
    var addedTo: Set<String> = []
    /// Per variable, a value other than a number or null it can hold (for `addToNonNumber`).
    var nonNumeric: [String: JSONValue] = [:]
    /// `possibleValues` in a stable order, made once per variable when first needed.
    var orderedValues: [String: [JSONValue?]] = [:]
    /// The choices a player can take: their target is in the story and their condition may hold.
    var takeable: Set<ObjectId> = []

    init(scenario: Scenario, scenes allScenes: [Scene], choices allChoices: [Choice], limits: JSONLogic.Limits) {
        self.scenario = scenario
        self.limits = limits
        let own = allScenes.filter { $0.scenarioId == scenario.id }.sorted { ($0.order, $0.id) < ($1.order, $1.id) }
        var index: [ObjectId: Int] = [:]
        for (i, scene) in own.enumerated() where index[scene.id] == nil { index[scene.id] = i }
        self.scenes = own
        self.sceneIndex = index
        var foreign: [ObjectId: Scene] = [:]
        for scene in allScenes where scene.scenarioId != scenario.id { foreign[scene.id] = scene }
        self.foreignScenes = foreign
        self.choices = allChoices.filter { index[$0.fromSceneId] != nil }.sorted {
            (index[$0.fromSceneId]!, $0.order, $0.id) < (index[$1.fromSceneId]!, $1.order, $1.id)
        }
        self.choiceIds = Set(self.choices.map(\.id))
    }

    // MARK: Naming

    func name(_ scene: Scene) -> String {
        scene.title.isEmpty ? "scene \(scene.id)" : "scene \"\(scene.title)\""
    }

    func name(_ choice: Choice) -> String {
        let text = choice.text.isEmpty ? "choice \(choice.id)" : "choice \"\(choice.text)\""
        guard let from = sceneIndex[choice.fromSceneId] else { return text }
        return "\(text) of \(name(scenes[from]))"
    }

    mutating func report(
        _ code: StoryProblem.Code, _ severity: StoryProblem.Severity, _ message: String,
        scene: ObjectId? = nil, choice: ObjectId? = nil
    ) {
        problems.append(StoryProblem(code: code, severity: severity, message: message, sceneId: scene, choiceId: choice))
    }

    // MARK: Start

    mutating func checkStart() {
        let starts = scenes.filter(\.isStartScene)
        if starts.isEmpty {
            report(.noStartScene, .error, "No scene is marked as the start scene: a player cannot begin the story.")
        } else if starts.count > 1 {
            let names = starts.map(name).joined(separator: ", ")
            for start in starts {
                report(.multipleStartScenes, .error,
                       "\(starts.count) scenes are marked as the start scene (\(names)); a story has exactly one.",
                       scene: start.id)
            }
        }
    }

    // MARK: Variables and effects

    mutating func readVariables(_ json: JSONValue) {
        switch json {
        case .null:
            break
        case .object(let members):
            if members.count > StoryVariables.maxCount {
                report(.invalidVariables, .error,
                       "A scenario declares at most \(StoryVariables.maxCount) variables; this one declares \(members.count).")
            }
            for key in members.keys.sorted() {
                let value = members[key]!
                if let reason = StoryVariables.problem(withName: key) ?? StoryVariables.problem(withValue: value) {
                    report(.invalidVariables, .error, "The declaration of variable '\(key)' is refused: \(reason).")
                } else {
                    declared[key] = value
                    knownVariables.insert(key)
                    possibleValues[key] = [value]
                    if value != .null, value.doubleValue == nil { nonNumeric[key] = value }
                }
            }
        default:
            report(.invalidVariables, .error, "\(EffectError.declarationsNotAnObject.description.capitalizedFirst), not \(json.jsonString).")
        }
    }

    mutating func readEffects(_ stored: [ObjectId: JSONValue]) {
        for choice in choices {
            let effects: [Effect]
            do {
                effects = try Effect.list(from: stored[choice.id] ?? .null)
            } catch {
                report(.invalidEffects, .error, "The effects of \(name(choice)) are refused: \(error).",
                       scene: choice.fromSceneId, choice: choice.id)
                continue
            }
            effectsByChoice[choice.id] = effects
            for effect in effects {
                switch effect {
                case .set(let variable, let value):
                    // A variable first seen here is not declared, so it starts unset.
                    if knownVariables.insert(variable).inserted { possibleValues[variable] = [nil] }
                    possibleValues[variable]?.insert(value)
                    if value != .null, value.doubleValue == nil, nonNumeric[variable] == nil { nonNumeric[variable] = value }
                case .add(let variable, _):
                    knownVariables.insert(variable)
                    addedTo.insert(variable)
                }
            }
        }
        // An `add` is safe when every value the variable can otherwise hold is a number or unset.
        for choice in choices {
            for effect in effectsByChoice[choice.id] ?? [] {
                guard case .add(let variable, _) = effect else { continue }
                if let bad = nonNumeric[variable] {
                    report(.addToNonNumber, .warning,
                           "\(name(choice).capitalizedFirst) adds to '\(variable)', which can hold \(bad.jsonString): "
                           + "taking the choice then fails.",
                           scene: choice.fromSceneId, choice: choice.id)
                }
            }
        }
    }

    // MARK: Choices

    mutating func checkChoices() {
        for choice in choices {
            var canBeTaken = true
            if sceneIndex[choice.toSceneId] == nil {
                canBeTaken = false
                if let other = foreignScenes[choice.toSceneId] {
                    report(.foreignTarget, .error,
                           "\(name(choice).capitalizedFirst) leads to \(name(other)), which belongs to another scenario.",
                           scene: choice.fromSceneId, choice: choice.id)
                } else {
                    report(.missingTarget, .error,
                           "\(name(choice).capitalizedFirst) leads to scene \(choice.toSceneId), which does not exist.",
                           scene: choice.fromSceneId, choice: choice.id)
                }
            }
            if !JSONLogic.isAlways(choice.condition), !checkCondition(of: choice) {
                canBeTaken = false
            }
            if canBeTaken { takeable.insert(choice.id) }
        }
    }

    /// Reports what is wrong with the choice's condition; false when it can never be true.
    private mutating func checkCondition(of choice: Choice) -> Bool {
        let condition = choice.condition
        do {
            try JSONLogic.check(condition, limits: limits)
        } catch {
            report(.invalidCondition, .error, "The condition of \(name(choice)) is refused: \(error).",
                   scene: choice.fromSceneId, choice: choice.id)
            // The graph keeps the choice, so that one error does not cascade into unreachable scenes.
            return true
        }
        let reads = JSONLogic.reads(condition)
        var variables: Set<String> = []
        var decidable = !reads.isDynamic
        var sound = true
        for path in reads.paths.sorted() {
            switch reference(path) {
            case .variable(let variable):
                if !knownVariables.contains(variable) {
                    sound = false
                    report(.undeclaredVariable, .error,
                           "The condition of \(name(choice)) reads vars.\(variable), which no declaration gives and no effect sets: "
                           + "it is always null. Declare it in the scenario's variables or set it with an effect.",
                           scene: choice.fromSceneId, choice: choice.id)
                }
                variables.insert(variable)
            case .state:
                decidable = false
            case .unknown(let why):
                sound = false
                report(.unknownReference, .error, "The condition of \(name(choice)) reads '\(path)': \(why).",
                       scene: choice.fromSceneId, choice: choice.id)
            }
        }
        guard sound, decidable, let witness = neverTrue(condition, reading: variables.sorted()) else { return true }
        report(.conditionNeverTrue, .warning,
               "The condition of \(name(choice)) can never be true\(witness): the choice is never offered.",
               scene: choice.fromSceneId, choice: choice.id)
        return false
    }

    private enum Reference {
        case variable(String)
        /// Visits, choices, steps or the whole of `vars`: known, but not enumerable.
        case state
        case unknown(String)
    }

    private func reference(_ path: String) -> Reference {
        // Only the first two segments matter: split there, not along the whole path.
        let parts: [String]
        if let dot = path.utf8.firstIndex(of: UInt8(ascii: ".")) {
            let rest = path[path.index(after: dot)...]
            let second = rest.utf8.firstIndex(of: UInt8(ascii: ".")).map { rest[..<$0] } ?? rest
            parts = [String(path[..<dot]), String(second)]
        } else {
            parts = [path]
        }
        let hint = "a rule reads vars.<name>, visited.<scene id>, chosen.<choice id> or steps"
        switch parts[0] {
        case "vars":
            return parts.count == 1 ? .state : .variable(parts[1])
        case "visited", "chosen":
            guard parts.count > 1 else { return .state }
            let what = parts[0] == "visited" ? "scene" : "choice"
            guard let id = ObjectId(parts[1]) else {
                return .unknown("'\(parts[1])' is not a \(what) id (24 hexadecimal characters)")
            }
            guard id.hexString == parts[1] else { return .unknown("ids are written in lowercase: \(parts[0]).\(id.hexString)") }
            let known = parts[0] == "visited" ? sceneIndex[id] != nil : choiceIds.contains(id)
            return known ? .state : .unknown("no \(what) of this story has the id \(id)")
        case "steps":
            return parts.count == 1 ? .state : .unknown("steps is a number, with nothing inside it")
        default:
            if knownVariables.contains(parts[0]) {
                return .unknown("the player state has no '\(parts[0])'; did you mean vars.\(path)?")
            }
            return .unknown("the player state has no '\(parts[0])' (\(hint))")
        }
    }

    /// When every combination of the values `variables` can hold makes `condition` falsy: a
    /// description of those values (possibly empty). `nil` when some combination may make it
    /// true, or when that cannot be decided within ``StoryValidator/maxCombinations``.
    private mutating func neverTrue(_ condition: JSONValue, reading variables: [String]) -> String? {
        var domains: [(String, [JSONValue?])] = []
        var combinations = 1
        for variable in variables {
            guard !addedTo.contains(variable), let sorted = orderedValues(of: variable) else { return nil }
            combinations *= sorted.count
            if combinations > StoryValidator.maxCombinations { return nil }
            domains.append((variable, sorted))
        }
        var limits = self.limits
        limits.maxSteps = min(limits.maxSteps, 10_000)
        var choice = Array(repeating: 0, count: domains.count)
        for _ in 0..<combinations {
            var vars: [String: JSONValue] = [:]
            for (i, (variable, values)) in domains.enumerated() {
                if let value = values[choice[i]] { vars[variable] = value }
            }
            do {
                if try JSONLogic.isSatisfied(condition, by: .object(["vars": .object(vars)]), limits: limits) { return nil }
            } catch {
                return nil
            }
            var i = 0
            while i < choice.count {
                choice[i] += 1
                if choice[i] < domains[i].1.count { break }
                choice[i] = 0
                i += 1
            }
        }
        if domains.isEmpty { return "" }
        let described = domains.map { variable, values in
            let shown = values.prefix(5).map { $0?.jsonString ?? "unset" }.joined(separator: ", ")
            return "vars.\(variable) is only ever \(shown)\(values.count > 5 ? ", …" : "")"
        }
        return " (" + described.joined(separator: "; ") + ")"
    }

    private mutating func orderedValues(of variable: String) -> [JSONValue?]? {
        if let cached = orderedValues[variable] { return cached }
        guard let values = possibleValues[variable] else { return nil }
        let sorted = values.map { (Self.orderKey($0), $0) }.sorted { $0.0 < $1.0 }.map(\.1)
        orderedValues[variable] = sorted
        return sorted
    }

    /// A stable order for the values of a variable (a `Set` has none), cheap for scalars.
    private static func orderKey(_ value: JSONValue?) -> String {
        switch value {
        case nil: return "0"
        case .null?: return "1"
        case .bool(let b)?: return b ? "2true" : "2false"
        case .int(let i)?: return "3" + String(i)
        case .double(let d)?: return "3" + String(d)
        case .string(let s)?: return "4" + s
        case let value?: return "5" + value.jsonString
        }
    }

    // MARK: Graph

    mutating func checkGraph() {
        var graph = SceneGraph(nodeCount: scenes.count)
        var choiceCount = Array(repeating: 0, count: scenes.count)
        for choice in choices {
            let from = sceneIndex[choice.fromSceneId]!
            choiceCount[from] += 1
            if takeable.contains(choice.id), let to = sceneIndex[choice.toSceneId] {
                graph.addEdge(from: from, to: to)
            }
        }
        let starts = scenes.indices.filter { scenes[$0].isStartScene }
        let ends = scenes.indices.filter { scenes[$0].isEndScene }
        // Without a start scene nothing is reachable: count every scene as reachable, so that
        // problems keep their severity and unreachability is not reported for all.
        let reachable = starts.isEmpty ? Array(repeating: true, count: scenes.count) : graph.reachable(from: starts)
        let canEnd = graph.reaching(ends)
        func severity(_ i: Int) -> StoryProblem.Severity { reachable[i] ? .error : .warning }

        for (i, scene) in scenes.enumerated() where !reachable[i] {
            report(.unreachableScene, .warning, "No path of choices leads from the start to \(name(scene)).", scene: scene.id)
        }
        for (i, scene) in scenes.enumerated() where !scene.isEndScene && graph.successors[i].isEmpty {
            let why = choiceCount[i] == 0
                ? "has no choice and is not an end scene"
                : "is not an end scene, and none of its \(choiceCount[i]) choices can be taken (see their problems)"
            report(.deadEnd, severity(i), "\(name(scene).capitalizedFirst) \(why): a player who reaches it is stuck.",
                   scene: scene.id)
        }
        for (i, scene) in scenes.enumerated() where scene.isEndScene && choiceCount[i] > 0 {
            report(.endSceneWithChoices, .warning,
                   "\(name(scene).capitalizedFirst) is an end scene with \(choiceCount[i]) choice(s): the story ends there, so they are never offered.",
                   scene: scene.id)
        }
        for cycle in graph.cycles() where !cycle.contains(where: { canEnd[$0] }) {
            let names = cycle.prefix(5).map { name(scenes[$0]) }.joined(separator: ", ") + (cycle.count > 5 ? ", …" : "")
            let first = cycle[0]
            report(.noWayToEnd, cycle.contains(where: { reachable[$0] }) ? .error : .warning,
                   "No end scene can be reached from the cycle \(names): a player who enters it never finishes the story.",
                   scene: scenes[first].id)
        }
    }
}

extension String {
    /// The string with its first character upper-cased.
    fileprivate var capitalizedFirst: String {
        guard let first else { return self }
        return first.uppercased() + dropFirst()
    }
}
