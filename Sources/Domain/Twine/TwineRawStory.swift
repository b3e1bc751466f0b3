import Foundation
import Protocols

/// A passage as a reader found it, before it becomes a scene: the common ground of the three formats.
struct TwineRawPassage: Sendable {
    var name: String
    var tags: [String]
    /// The metadata members (Twee header block, JSON `metadata`, HTML `position`/`size`).
    var metadata: [String: JSONValue]
    /// The passage text, unescaped.
    var text: String
    /// The line of the header, JSON object or element.
    var line: Int
    /// The line of the metadata (the header line in Twee).
    var metadataLine: Int
    /// The line the text starts on.
    var textLine: Int
    /// Whether each `\n` of `text` is a line of the input (Twee, HTML) or not (a JSON string).
    var textLinesAreInputLines: Bool
}

/// A story as a reader found it.
struct TwineRawStory: Sendable {
    var title: String?
    var ifid: String?
    /// The name of the start passage from the story data, with the line that names it.
    var start: (name: String, line: Int)?
    var description: String?
    var variables: JSONValue?
    /// The line of the story data, for errors about it.
    var storyDataLine: Int?
    /// The passage that starts the story when nothing names one: `Start` in Twee 3, none elsewhere.
    var defaultStartName: String?
    var passages: [TwineRawPassage]
}

/// The story-level keys this package adds to `StoryData` (Twee) and the story object (JSON).
enum StoryDataKey {
    static let ifid = "ifid"
    static let format = "format"
    static let formatVersion = "format-version"
    static let start = "start"
    static let description = "description"
    static let variables = "variables"
}
