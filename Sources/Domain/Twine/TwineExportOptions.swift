import Foundation

/// What an export writes besides the graph: the story format named in `StoryData`.
///
/// The graph's links (`[[text->Target]]`) read the same in Harlowe, SugarCube, Chapbook and Snowman;
/// the format only tells Twine which one to open the story with.
public struct TwineExportOptions: Hashable, Sendable {
    /// `StoryData.format`; `Harlowe` by default (Twine 2's default).
    public var format: String
    /// `StoryData.format-version`.
    public var formatVersion: String
    /// The Twine 2 JSON `creator`.
    public var creator: String

    public init(format: String = "Harlowe", formatVersion: String = "3.3.9", creator: String = "story-server") {
        self.format = format
        self.formatVersion = formatVersion
        self.creator = creator
    }

    public static let `default` = TwineExportOptions()
}
