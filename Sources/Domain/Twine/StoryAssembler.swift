import Foundation
import Protocols

/// Turns what a reader found into a ``StoryGraph``, or throws at the first problem: all or nothing.
enum StoryAssembler {
    /// Tags whose passages are code, not scenes; they are skipped.
    static let codeTags: Set<String> = ["script", "stylesheet"]
    static let startTag = "start"
    static let endTag = "end"
    /// The untitled story's title.
    static let untitled = "Untitled Story"

    /// A story title as both export and import write it: on one line (line breaks become spaces),
    /// trimmed, ``untitled`` when empty; a leading `\::` or `\:\:` reads `::` as Twee would read it.
    static func storyTitle(_ title: String) -> String {
        let line = title.unicodeScalars.map { CharacterSet.newlines.contains($0) ? " " : String($0) }.joined()
        let trimmed = String(TweeEscaping.unescapeContentLine(line.trimmingCharacters(in: .whitespacesAndNewlines)[...]))
        return trimmed.isEmpty ? untitled : trimmed
    }

    static func assemble(_ story: TwineRawStory, limits: TwineImportLimits) throws(TwineImportError) -> StoryGraph {
        if story.passages.count > limits.maxPassages {
            throw TwineImportError(.tooManyPassages(limit: limits.maxPassages), line: story.passages[limits.maxPassages].line)
        }
        let passages = story.passages.filter { codeTags.isDisjoint(with: $0.tags) }

        var lineOfName: [String: Int] = [:]
        var idOfName: [String: String] = [:]
        for (index, passage) in passages.enumerated() {
            if let first = lineOfName[passage.name] {
                throw TwineImportError(.duplicatePassageName(passage.name, firstLine: first), line: passage.line)
            }
            lineOfName[passage.name] = passage.line
            idOfName[passage.name] = String(index + 1)
        }

        var ifid = TwineIFID.make()
        if let given = story.ifid {
            guard let normalized = TwineIFID.normalized(given) else {
                throw TwineImportError(.malformedStoryData("ifid '\(given)' is not an IFID"), line: story.storyDataLine)
            }
            ifid = normalized
        }
        var startId: String?
        if let start = story.start {
            guard let id = idOfName[start.name] else {
                throw TwineImportError(.missingStartPassage(start.name), line: start.line)
            }
            startId = id
        }
        let variables = story.variables ?? .emptyObject
        guard variables.objectValue != nil else {
            throw TwineImportError(.malformedStoryData("variables is not an object"), line: story.storyDataLine)
        }

        var scenes: [StoryScene] = []
        var choices: [StoryChoice] = []
        for (index, passage) in passages.enumerated() {
            let id = String(index + 1)
            let metadata: PassageMetadata
            do { metadata = try PassageMetadata(reading: passage.metadata) } catch {
                throw TwineImportError(.malformedMetadata(error.why), line: passage.metadataLine)
            }
            let content = PassageContent.read(passage.text)
            if let rules = metadata.choices, rules.count != content.links.count {
                throw TwineImportError(
                    .malformedMetadata(
                        "choices has \(rules.count) entries for \(content.links.count) links of passage '\(passage.name)'"),
                    line: passage.metadataLine)
            }
            for (order, link) in content.links.enumerated() {
                guard let target = idOfName[link.target] else {
                    let line = passage.textLinesAreInputLines ? passage.textLine + link.lineOffset : passage.textLine
                    throw TwineImportError(.linkToMissingPassage(target: link.target, from: passage.name), line: line)
                }
                let rule = metadata.choices?[order] ?? PassageMetadata.ChoiceRule()
                choices.append(
                    StoryChoice(
                        from: id, to: target, text: rule.text ?? link.text, order: order, condition: rule.condition,
                        effects: rule.effects))
            }
            scenes.append(
                StoryScene(
                    id: id, title: metadata.title ?? passage.name, text: metadata.text ?? content.text,
                    isStart: id == startId || passage.tags.contains(startTag), isEnd: passage.tags.contains(endTag),
                    position: metadata.position))
        }
        if story.start == nil, !scenes.contains(where: \.isStart), let name = story.defaultStartName,
            let id = idOfName[name], let index = scenes.firstIndex(where: { $0.id == id })
        {
            scenes[index].isStart = true
        }

        return StoryGraph(
            title: storyTitle(story.title ?? ""), description: story.description ?? "", ifid: ifid,
            variables: variables, scenes: scenes, choices: choices)
    }
}
