import Foundation

/// The interchange formats: Twee 3 and Twine 2 JSON both ways, Twine 2 HTML (published story or
/// library archive) for import only.
public enum TwineFormat: String, CaseIterable, Hashable, Sendable {
    /// Twee 3 notation (`.twee`, `.tw`).
    case twee
    /// The Twine 2 JSON format (`.json`).
    case json
    /// Twine 2 HTML: a `<tw-storydata>` element, as in a published story or a library archive. Import only.
    case html

    /// Reads a format name as a user writes it: `twee`, `twee3`, `tw`, `json`, `twine-json`, `html`,
    /// `twine-html`, `archive` (any case).
    /// - Throws: ``TwineImportError`` of kind ``TwineImportError/Kind/unknownFormat(_:)``.
    public init(name: String) throws(TwineImportError) {
        switch name.trimmingCharacters(in: .whitespaces).lowercased() {
        case "twee", "twee3", "twee-3", "tw", "tw3": self = .twee
        case "json", "twine-json", "twine2-json", "twine-2-json", "twinejson": self = .json
        case "html", "twine-html", "twine2-html", "twine-2-html", "archive", "twine-archive", "htm": self = .html
        default: throw TwineImportError(.unknownFormat(name), line: nil)
        }
    }

    /// The format of a file with this extension (`twee`, `tw`, `json`, `html`, `htm`, any case, with or
    /// without the dot), or `nil`.
    public init?(fileExtension: String) {
        var ext = fileExtension.lowercased()
        if ext.hasPrefix(".") { ext.removeFirst() }
        switch ext {
        case "twee", "tw", "twee3", "tw3": self = .twee
        case "json": self = .json
        case "html", "htm": self = .html
        default: return nil
        }
    }

    /// Whether ``TwineExport`` can write this format.
    public var canExport: Bool { self != .html }

    /// The usual file extension, without the dot.
    public var fileExtension: String {
        switch self {
        case .twee: "twee"
        case .json: "json"
        case .html: "html"
        }
    }

    /// The MIME type to serve an export with.
    public var mimeType: String {
        switch self {
        case .twee: "text/plain; charset=utf-8"
        case .json: "application/json"
        case .html: "text/html; charset=utf-8"
        }
    }

    /// Guesses the format of a text from its first meaningful characters: `{` is JSON, `::` Twee,
    /// `<` (or a `<tw-storydata` element anywhere) HTML; `nil` when none fits.
    public static func detect(in text: String) -> TwineFormat? {
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.hasPrefix("{") { return .json }
        if trimmed.hasPrefix("::") { return .twee }
        if trimmed.hasPrefix("<") || text.contains("<tw-storydata") { return .html }
        return nil
    }
}
