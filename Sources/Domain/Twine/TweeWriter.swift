import Foundation
import Protocols

/// Writes a ``PlannedStory`` as Twee 3: `StoryTitle`, `StoryData` (pretty-printed with tabs, as the
/// specification shows it), then one passage per scene, a blank line between passages.
enum TweeWriter {
    static func write(_ story: PlannedStory, options: TwineExportOptions) -> String {
        var data: [String: JSONValue] = [
            StoryDataKey.ifid: .string(story.ifid),
            StoryDataKey.format: .string(options.format),
            StoryDataKey.formatVersion: .string(options.formatVersion),
        ]
        if let start = story.startName { data[StoryDataKey.start] = .string(start) }
        if !story.description.isEmpty { data[StoryDataKey.description] = .string(story.description) }
        if story.variables != .emptyObject { data[StoryDataKey.variables] = story.variables }

        var blocks: [String] = [
            ":: StoryTitle\n" + TweeEscaping.escapeContent(story.title),
            ":: StoryData\n" + TwineJSONText.pretty(.object(data), indent: "\t"),
        ]
        for passage in story.passages {
            var header = ":: " + TweeEscaping.escapeHeaderName(passage.name)
            if !passage.tags.isEmpty {
                header += " [" + passage.tags.map(TweeEscaping.escapeHeaderName).joined(separator: " ") + "]"
            }
            let members = passage.metadata.members(choicesAsString: false)
            if !members.isEmpty { header += " " + TwineJSONText.compact(.object(members)) }
            let content = TweeEscaping.escapeContent(passage.text)
            blocks.append(content.isEmpty ? header : header + "\n" + content)
        }
        return blocks.joined(separator: "\n\n") + "\n"
    }
}
