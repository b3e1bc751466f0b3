import Foundation

/// The text of a passage split into the scene's text and its links, and put back together.
///
/// Written: the scene's text, a blank line, then one `[[text->Target]]` line per choice in order.
/// Read: every passage link becomes a choice; a line holding only links is dropped, a link inside
/// prose leaves its text in place ("You see a [[door->Hall]]." reads "You see a door."). Leading
/// empty lines and trailing white space are dropped.
enum PassageContent {
    /// A link found in passage text, with the 0-based line it is on within the text.
    struct FoundLink: Hashable, Sendable {
        var text: String
        var target: String
        var lineOffset: Int
    }

    /// The scene's text and links read from passage text.
    static func read(_ content: String) -> (text: String, links: [FoundLink]) {
        var lines: [Substring] = []
        var links: [FoundLink] = []
        for (offset, line) in content.twineLines().enumerated() {
            let found = TwineLink.links(in: line)
            guard !found.isEmpty else {
                lines.append(line)
                continue
            }
            var rebuilt = ""
            var cursor = line.startIndex
            for link in found {
                rebuilt += line[cursor..<link.range.lowerBound]
                rebuilt += link.text
                cursor = link.range.upperBound
                links.append(FoundLink(text: link.text, target: link.target, lineOffset: offset))
            }
            rebuilt += line[cursor...]
            if withoutLinks(line, found).allSatisfy(\.isWhitespace) { continue }
            lines.append(Substring(rebuilt))
        }
        return (normalized(lines.joined(separator: "\n")), links)
    }

    /// Passage text for a scene's text and its link markups.
    static func write(text: String, links: [String]) -> String {
        let body = defused(normalized(text))
        if links.isEmpty { return body }
        return body.isEmpty ? links.joined(separator: "\n") : body + "\n\n" + links.joined(separator: "\n")
    }

    /// Text as an import yields it: leading empty lines and trailing white space dropped.
    static func normalized(_ text: String) -> String {
        var lines = text.twineLines()
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        var joined = lines.joined(separator: "\n")
        while let last = joined.last, last.isWhitespace { joined.removeLast() }
        return joined
    }

    /// Scene text whose passage links have their `[[` spaced apart (`[ [`), so that it reads back as
    /// no choice; links to URLs, which are no choices, stay as they are.
    static func defused(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: "[")) else { return text }
        return text.twineLines().map { line in
            var line = String(line)
            while let link = TwineLink.links(in: line[...]).first {
                line.replaceSubrange(link.range.lowerBound..<line.index(link.range.lowerBound, offsetBy: 2), with: "[ [")
            }
            return line
        }.joined(separator: "\n")
    }

    private static func withoutLinks(_ line: Substring, _ links: [TwineLink]) -> String {
        var rest = ""
        var cursor = line.startIndex
        for link in links {
            rest += line[cursor..<link.range.lowerBound]
            cursor = link.range.upperBound
        }
        rest += line[cursor...]
        return rest
    }
}
