import Foundation
import Protocols

/// Reads Twine 2 JSON into a ``TwineRawStory``. Errors name the line of the JSON value concerned; a link's
/// line is that of its passage's `text`.
enum TwineJSONReader {
    static func read(_ text: String, limits: TwineImportLimits) throws(TwineImportError) -> TwineRawStory {
        let root: TwineLocatedJSON
        do { root = try TwineLocatedJSONParser.parse(text) } catch {
            throw TwineImportError(.malformedInput("not valid JSON: \(error.message)"), line: error.line)
        }
        guard root.isObject else {
            throw TwineImportError(.malformedInput("a Twine 2 JSON story is a JSON object"), line: root.line)
        }
        var story = TwineRawStory(storyDataLine: root.line, passages: [])
        story.title = try StoryDataReader.string(root, "name")
        try StoryDataReader.read(root, into: &story)

        guard let passages = root["passages"], let items = passages.arrayItems else {
            throw TwineImportError(.malformedInput("the story has no 'passages' array"), line: root["passages"]?.line ?? root.line)
        }
        if items.count > limits.maxPassages {
            throw TwineImportError(.tooManyPassages(limit: limits.maxPassages), line: items[limits.maxPassages].line)
        }
        var nameOfPid: [String: String] = [:]
        for item in items {
            guard item.isObject else { throw TwineImportError(.malformedInput("a passage is not a JSON object"), line: item.line) }
            guard let name = item["name"]?.stringValue, !name.isEmpty else {
                throw TwineImportError(.malformedInput("a passage has no 'name'"), line: item.line)
            }
            var tags: [String] = []
            if let list = item["tags"] {
                guard let values = list.arrayItems, values.allSatisfy({ $0.stringValue != nil }) else {
                    throw TwineImportError(.malformedMetadata("tags of passage '\(name)' are not an array of strings"), line: list.line)
                }
                tags = values.compactMap(\.stringValue)
            }
            var metadata: [String: JSONValue] = [:]
            var metadataLine = item.line
            if let members = item["metadata"] {
                guard let object = members.value.objectValue else {
                    throw TwineImportError(.malformedMetadata("metadata of passage '\(name)' is not an object"), line: members.line)
                }
                metadata = object
                metadataLine = members.line
            }
            var body = ""
            var textLine = item.line
            if let value = item["text"] {
                guard let string = value.stringValue else {
                    throw TwineImportError(.malformedInput("text of passage '\(name)' is not a string"), line: value.line)
                }
                body = string
                textLine = value.line
            }
            if let pid = item["pid"]?.value {
                nameOfPid[pid.stringValue ?? TwineJSONText.compact(pid)] = name
            }
            story.passages.append(
                TwineRawPassage(
                    name: name, tags: tags, metadata: metadata, text: TwineInput.normalizedLineEnds(body),
                    line: item.line, metadataLine: metadataLine, textLine: textLine, textLinesAreInputLines: false))
        }
        // The JSON document calls `start` a PID, yet shows a name: a name is looked for first.
        if let start = story.start, !story.passages.contains(where: { $0.name == start.name }),
            let name = nameOfPid[start.name]
        {
            story.start = (name, start.line)
        }
        return story
    }
}
