import Foundation

/// The Twee 3 escapes: in passage names and tags, `[`, `]`, `{`, `}` and `\` are written with a
/// backslash before them, and reading drops the backslash before any character (`\q` reads `q`).
/// In passage text, a line starting with `::` would start a passage, so it is written `\:\:` (as Twine 2
/// writes it) and both `\:\:` and `\::` read back as `::`.
enum TweeEscaping {
    /// A passage name or tag for a header.
    static func escapeHeaderName(_ name: String) -> String {
        var out = ""
        for character in name {
            if "[]{}\\".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }

    /// Passage text for the content section.
    static func escapeContent(_ text: String) -> String {
        text.twineLines()
            .map { $0.hasPrefix("::") ? "\\:\\:" + $0.dropFirst(2) : String($0) }
            .joined(separator: "\n")
    }

    /// One content line as written back to text.
    static func unescapeContentLine(_ line: Substring) -> Substring {
        if line.hasPrefix("\\:\\:") { return "::" + line.dropFirst(4) }
        if line.hasPrefix("\\::") { return "::" + line.dropFirst(3) }
        return line
    }
}
