import Foundation

/// Reads Twee 3, Twine 2 JSON or Twine 2 HTML into a ``StoryGraph``: a complete graph, or a
/// ``TwineImportError`` naming what is wrong and on which line. Nothing is ever half read.
///
/// Links become choices (`[[Target]]`, `[[text->Target]]`, `[[Target<-text]]`, `[[text|Target]]`) in
/// text order; `position` metadata is kept; the start scene is the one `StoryData.start` (or
/// `startnode`) names, any passage tagged `start`, or else the passage named `Start`; a passage tagged
/// `end` is an end scene; passages tagged `script` or `stylesheet` are skipped. Scene ids are `"1"`,
/// `"2"`, … in passage order. A story without an IFID gets a new one.
public enum TwineImport {
    /// Reads `data` (bytes as uploaded) in `format`.
    public static func read(
        _ data: Data, format: TwineFormat, limits: TwineImportLimits = .default
    ) throws(TwineImportError) -> StoryGraph {
        try parse(TwineInput.text(from: data, limits: limits), format: format, limits: limits)
    }

    /// Reads `data` in the format named `formatName` (`twee`, `json`, `html`, … see ``TwineFormat/init(name:)``).
    public static func read(
        _ data: Data, formatName: String, limits: TwineImportLimits = .default
    ) throws(TwineImportError) -> StoryGraph {
        try read(data, format: TwineFormat(name: formatName), limits: limits)
    }

    /// Reads text already decoded (a GraphQL `String` argument) in `format`.
    public static func read(
        _ text: String, format: TwineFormat, limits: TwineImportLimits = .default
    ) throws(TwineImportError) -> StoryGraph {
        try parse(TwineInput.text(from: text, limits: limits), format: format, limits: limits)
    }

    /// Reads text in the format named `formatName`.
    public static func read(
        _ text: String, formatName: String, limits: TwineImportLimits = .default
    ) throws(TwineImportError) -> StoryGraph {
        try read(text, format: TwineFormat(name: formatName), limits: limits)
    }

    private static func parse(
        _ text: String, format: TwineFormat, limits: TwineImportLimits
    ) throws(TwineImportError) -> StoryGraph {
        let story: TwineRawStory
        switch format {
        case .twee: story = try TweeReader.read(text, limits: limits)
        case .json: story = try TwineJSONReader.read(text, limits: limits)
        case .html: story = try TwineHTMLReader.read(text, limits: limits)
        }
        return try StoryAssembler.assemble(story, limits: limits)
    }
}
