import Foundation
import Protocols

/// Writes a ``PlannedStory`` as Twine 2 JSON (twine-2-jsonoutput-doc.md): the story's properties,
/// then `passages`, each with `name`, `tags`, `metadata` (string values only, as the spec asks) and
/// `text`. Pretty-printed with two spaces and sorted keys, so the same story always reads the same.
enum TwineJSONWriter {
    static func write(_ story: PlannedStory, options: TwineExportOptions) -> String {
        var root: [String: JSONValue] = [
            "name": .string(story.title),
            StoryDataKey.ifid: .string(story.ifid),
            StoryDataKey.format: .string(options.format),
            StoryDataKey.formatVersion: .string(options.formatVersion),
            "creator": .string(options.creator),
        ]
        if let start = story.startName { root[StoryDataKey.start] = .string(start) }
        if !story.description.isEmpty { root[StoryDataKey.description] = .string(story.description) }
        if story.variables != .emptyObject { root[StoryDataKey.variables] = story.variables }
        root["passages"] = .array(
            story.passages.map { passage in
                var object: [String: JSONValue] = [
                    "name": .string(passage.name),
                    "tags": .array(passage.tags.map { .string($0) }),
                    "text": .string(passage.text),
                ]
                let members = passage.metadata.members(choicesAsString: true)
                if !members.isEmpty { object["metadata"] = .object(members) }
                return .object(object)
            })
        return TwineJSONText.pretty(.object(root), indent: "  ") + "\n"
    }
}
