import Foundation
import Protocols

/// A passage ready to be written in any format.
struct PlannedPassage: Hashable, Sendable {
    var name: String
    var tags: [String]
    var metadata: PassageMetadata
    /// Passage text (links included), not yet escaped for a format.
    var text: String
}

/// A story ready to be written in any format.
struct PlannedStory: Hashable, Sendable {
    var title: String
    var ifid: String
    var startName: String?
    var description: String
    var variables: JSONValue
    var passages: [PlannedPassage]
}

/// Lays a ``StoryGraph`` out as passages: names, tags, text with links, and the metadata that keeps
/// what the text cannot (see ``PassageMetadata``). The same graph always gives the same plan.
enum StoryPlanner {
    static func plan(_ graph: StoryGraph) throws(TwineExportError) -> PlannedStory {
        guard let ifid = TwineIFID.normalized(graph.ifid) else { throw .invalidIFID(graph.ifid) }
        let variables = graph.variables == .null ? JSONValue.emptyObject : graph.variables
        guard variables.objectValue != nil else { throw .variablesNotAnObject }
        var nameOfId: [String: String] = [:]
        let hasStart = graph.scenes.contains(where: \.isStart)
        let names = PassageNames.unique(for: graph.scenes.map(\.title), alsoReserved: hasStart ? [] : ["Start"])
        for (scene, name) in zip(graph.scenes, names) {
            guard nameOfId[scene.id] == nil else { throw .duplicateSceneId(scene.id) }
            nameOfId[scene.id] = name
        }
        var choicesOf: [String: [(offset: Int, choice: StoryChoice)]] = [:]
        for (offset, choice) in graph.choices.enumerated() {
            guard nameOfId[choice.from] != nil, nameOfId[choice.to] != nil else {
                throw .choiceToMissingScene(from: choice.from, to: choice.to)
            }
            choicesOf[choice.from, default: []].append((offset, choice))
        }

        var passages: [PlannedPassage] = []
        for (scene, name) in zip(graph.scenes, names) {
            let choices = (choicesOf[scene.id] ?? [])
                .sorted { ($0.choice.order, $0.offset) < ($1.choice.order, $1.offset) }
                .map(\.choice)
            var markups: [String] = []
            var rules: [PassageMetadata.ChoiceRule] = []
            for choice in choices {
                let markup = TwineLink.markup(text: choice.text, target: nameOfId[choice.to]!)
                markups.append(markup)
                let readBack = TwineLink.links(in: markup[...]).first?.text
                rules.append(
                    PassageMetadata.ChoiceRule(
                        condition: choice.condition, effects: choice.effects,
                        text: readBack == choice.text ? nil : choice.text))
            }
            let text = PassageContent.write(text: TwineInput.normalizedLineEnds(scene.text), links: markups)
            let metadata = PassageMetadata(
                position: scene.position,
                title: name == scene.title ? nil : scene.title,
                text: textSurvives(scene.text, in: text) ? nil : scene.text,
                choices: rules.allSatisfy(\.isEmpty) ? nil : rules)
            var tags: [String] = []
            if scene.isStart { tags.append(StoryAssembler.startTag) }
            if scene.isEnd { tags.append(StoryAssembler.endTag) }
            passages.append(PlannedPassage(name: name, tags: tags, metadata: metadata, text: text))
        }

        let start = graph.scenes.first(where: \.isStart).flatMap { nameOfId[$0.id] }
        return PlannedStory(
            title: StoryAssembler.storyTitle(graph.title), ifid: ifid, startName: start,
            description: graph.description, variables: variables, passages: passages)
    }

    /// Whether reading `passageText` back gives `sceneText` exactly, in every format: if not, the
    /// scene text is kept verbatim in metadata.
    static func textSurvives(_ sceneText: String, in passageText: String) -> Bool {
        guard PassageContent.read(passageText).text == sceneText else { return false }
        // A line written as `\:\:` or `\::` would read back as `::` from Twee.
        return !sceneText.twineLines().contains { $0.hasPrefix("\\:") }
    }
}
