import Foundation

/// The most an import reads; anything over is refused with ``TwineImportError/Kind/tooLarge(bytes:limit:)``
/// or ``TwineImportError/Kind/tooManyPassages(limit:)``.
public struct TwineImportLimits: Hashable, Sendable {
    /// Bytes of input; 5 MB by default.
    public var maxBytes: Int
    /// Passages other than `StoryTitle` and `StoryData` (code passages included); 5,000 by default.
    public var maxPassages: Int

    public init(maxBytes: Int = 5_000_000, maxPassages: Int = 5_000) {
        self.maxBytes = maxBytes
        self.maxPassages = maxPassages
    }

    /// 5 MB and 5,000 passages.
    public static let `default` = TwineImportLimits()
}
