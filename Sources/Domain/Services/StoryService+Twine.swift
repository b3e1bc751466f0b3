import Foundation
import Protocols

extension StoryService {
    /// A scenario of the viewer's as Twine text (`twee` or `json`; see ``TwineExport``), with its
    /// IFID (one derived from its id when it has none) and, in passage metadata, every condition and effect.
    /// - Throws: `forbidden`, `notFound("Scenario")`, `invalid(field: "format")`.
    public func export(_ scenarioId: ObjectId, formatName: String, by access: AccessPolicy) async throws -> String {
        try await DomainError.translating {
            let scenario = try await authoredScenario(scenarioId, by: access)
            let format: TwineFormat
            do {
                format = try TwineFormat(name: formatName)
            } catch let error as TwineImportError {
                throw DomainError.invalid(field: "format", reason: "format: \(error.message)")
            }
            guard format.canExport else {
                throw DomainError.invalid(field: "format", reason: "format: \(format.rawValue) is read by importScenario only; export twee or json")
            }
            let scenes = try await store.scenes(scenarioIds: [scenario.id])
            let sceneIds = Set(scenes.map(\.id))
            // A choice to a scene of another scenario (old data) has no passage to link to.
            let choices = try await store.choices(fromSceneIds: scenes.map(\.id)).filter { sceneIds.contains($0.toSceneId) }
            let graph = StoryGraph(
                scenario: scenario, scenes: scenes, choices: choices,
                ifid: scenario.ifid ?? TwineIFID.derived(from: scenario.id), variables: scenario.variables,
                effects: Dictionary(choices.map { ($0.id, $0.effects.arrayValue ?? []) }, uniquingKeysWith: { first, _ in first }))
            do {
                return try TwineExport.export(graph, as: format)
            } catch {
                throw DomainError.invalid(field: "scenarioId", reason: "This story cannot be exported: \(error)")
            }
        }
    }

    /// A new, unpublished scenario of the viewer's read from Twine text (`twee`, `json` or `html`):
    /// passages become scenes (positions kept), links choices, passage metadata their conditions and
    /// effects. Every value is checked as the API checks it; nothing is stored unless all is valid, and
    /// a store failure part way removes what was written.
    /// - Throws: `forbidden`, `invalid(field: "content")` naming the line, or the passage, at fault.
    public func importStory(formatName: String, content: String, by access: AccessPolicy) async throws -> Scenario {
        try await DomainError.translating {
            let author = try access.mayCreateScenario()
            let graph: StoryGraph
            do {
                graph = try TwineImport.read(content, formatName: formatName)
            } catch let error as TwineImportError {
                if case .unknownFormat = error.kind { throw DomainError.invalid(field: "format", reason: "format: \(error.message)") }
                throw DomainError.invalid(field: "content", reason: "content: \(error)")
            }
            let (scenario, scenes, choices) = try Self.entities(of: graph, author: author.id)
            try await store.insertScenario(scenario)
            do {
                for scene in scenes { try await store.insertScene(scene) }
                for choice in choices { try await store.insertChoice(choice) }
            } catch {
                _ = try? await store.deleteScenario(id: scenario.id)
                throw error
            }
            return scenario
        }
    }

    /// The graph as records with new ids, checked as ``createScenario(_:by:)``, ``createScene(inScenario:_:by:)``
    /// and ``createChoice(from:_:by:)`` check them.
    static func entities(of graph: StoryGraph, author: ObjectId) throws -> (Scenario, [Scene], [Choice]) {
        var scenario = Scenario(title: graph.title, authorId: author, ifid: graph.ifid)
        do {
            try apply(ScenarioChanges(title: graph.title, description: graph.description, variables: graph.variables), to: &scenario)
        } catch let error as DomainError {
            throw DomainError.invalid(field: "content", reason: "content: the story's \(error)")
        }
        var ids: [String: ObjectId] = [:]
        var scenes: [Scene] = []
        for (index, passage) in graph.scenes.enumerated() {
            let scene = Scene(
                scenarioId: scenario.id, title: passage.title, text: passage.text, order: index,
                isStartScene: passage.isStart, isEndScene: passage.isEnd, position: passage.position)
            do {
                try Validate.length(scene.title, field: "title", max: 200, required: true)
                try Validate.length(scene.text, field: "text", max: 20_000)
                if let position = scene.position, !(position.x.isFinite && position.y.isFinite) {
                    throw DomainError.invalid(field: "position", reason: "position must be finite numbers")
                }
            } catch let error as DomainError {
                throw DomainError.invalid(field: "content", reason: "content: passage '\(passage.title)': \(error)")
            }
            ids[passage.id] = scene.id
            scenes.append(scene)
        }
        var choices: [Choice] = []
        for link in graph.choices {
            guard let from = ids[link.from], let to = ids[link.to] else {
                throw DomainError.invalid(field: "content", reason: "content: a link names a passage that is not in the story")
            }
            var choice = Choice(fromSceneId: from, toSceneId: to, text: link.text)
            do {
                try apply(
                    ChoiceChanges(text: link.text, condition: link.condition, effects: .array(link.effects), order: link.order),
                    to: &choice)
            } catch let error as DomainError {
                let passage = graph.scenes.first { $0.id == link.from }?.title ?? link.from
                throw DomainError.invalid(field: "content", reason: "content: link '\(link.text)' of passage '\(passage)': \(error)")
            }
            choices.append(choice)
        }
        return (scenario, scenes, choices)
    }
}
