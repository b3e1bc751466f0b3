import Foundation

/// Writes a ``StoryGraph`` as Twee 3 or Twine 2 JSON. Pure: the same graph and options always give
/// the same text, and importing that text and exporting again gives it back unchanged.
///
/// What is written:
/// - `StoryTitle` (JSON `name`): the title on one line, `Untitled Story` when empty.
/// - `StoryData` (JSON: the story object): `ifid`, `format`, `format-version`, `start` (the name of the
///   first start scene), and, when set, `description` and `variables` (extensions of this server).
/// - One passage per scene, in the graph's order, tagged `start` and/or `end`, with `position` and
///   `size` metadata when the scene has a position. Its text is the scene's text, a blank line, and one
///   `[[text->Target]]` line per choice in `order`.
/// - Passage names come from scene titles: trimmed, line breaks to spaces, `[` `]` `|` to `(` `)` `/`,
///   `->` `<-` to `→` `←`, empty to `Untitled`; a name already taken (or `StoryTitle`, `StoryData`, or
///   `Start` in a story without a start scene) gets ` (2)`, ` (3)`, … in scene order. Twee headers then
///   escape `[ ] { } \` with a backslash, and passage text lines starting with `::` are written `\:\:`.
/// - What the text cannot carry goes to passage metadata: `choices` (conditions, effects, exact choice
///   texts, aligned with the links), `title` (a title the name changed), `text` (scene text that held
///   link markup or trailing spaces). Twee writes `choices` as inline JSON, Twine 2 JSON as a string.
public enum TwineExport {
    /// The story as text in `format`.
    /// - Throws: ``TwineExportError`` for HTML (import only), an invalid IFID, or a graph whose choices
    ///   name missing scenes.
    public static func export(
        _ graph: StoryGraph, as format: TwineFormat, options: TwineExportOptions = .default
    ) throws(TwineExportError) -> String {
        switch format {
        case .twee: return TweeWriter.write(try StoryPlanner.plan(graph), options: options)
        case .json: return TwineJSONWriter.write(try StoryPlanner.plan(graph), options: options)
        case .html: throw .unsupportedFormat(.html)
        }
    }

    /// Twee 3 text (see ``export(_:as:options:)``).
    public static func twee(_ graph: StoryGraph, options: TwineExportOptions = .default) throws(TwineExportError) -> String {
        try export(graph, as: .twee, options: options)
    }

    /// Twine 2 JSON text (see ``export(_:as:options:)``).
    public static func json(_ graph: StoryGraph, options: TwineExportOptions = .default) throws(TwineExportError) -> String {
        try export(graph, as: .json, options: options)
    }
}
