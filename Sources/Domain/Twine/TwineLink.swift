import Foundation

/// A link to a passage, as Twine 2 reads one: `[[Target]]`, `[[text->Target]]`, `[[Target<-text]]`,
/// `[[text|Target]]`, with an optional setter (`[[…][$x to 1]]`) ignored.
///
/// As in Twine 2's link parser, a link lies on one line and ends at the first `]]`; the rightmost `->`
/// divides before the leftmost `<-`, then the rightmost `|`. Text and target are trimmed. Links whose
/// target is a URL (`https://…`) are no passage links and stay part of the text.
struct TwineLink: Hashable, Sendable {
    /// What the player reads.
    var text: String
    /// The passage name.
    var target: String
    /// Where the whole `[[…]]` lies in the line it was found in.
    var range: Range<String.Index>

    /// The passage links of one line, in order.
    static func links(in line: Substring) -> [TwineLink] {
        guard line.utf8.contains(UInt8(ascii: "[")) else { return [] }
        var found: [TwineLink] = []
        var searchStart = line.startIndex
        while let open = line.firstRange(ofASCII: "[[", from: searchStart) {
            guard let close = line.firstRange(ofASCII: "]]", from: open.upperBound) else { break }
            var inner = line[open.upperBound..<close.lowerBound]
            if let setter = inner.firstRange(ofASCII: "][") { inner = inner[..<setter.lowerBound] }
            if let link = parse(inner: inner, range: open.lowerBound..<close.upperBound) { found.append(link) }
            searchStart = close.upperBound
        }
        return found
    }

    /// Splits a link's inside into text and target; `nil` for an empty target or a URL.
    private static func parse(inner: Substring, range: Range<String.Index>) -> TwineLink? {
        let text: Substring
        let target: Substring
        if let arrow = inner.lastRange(ofASCII: "->") {
            text = inner[..<arrow.lowerBound]
            target = inner[arrow.upperBound...]
        } else if let arrow = inner.firstRange(ofASCII: "<-") {
            target = inner[..<arrow.lowerBound]
            text = inner[arrow.upperBound...]
        } else if let bar = inner.lastRange(ofASCII: "|") {
            text = inner[..<bar.lowerBound]
            target = inner[bar.upperBound...]
        } else {
            text = inner
            target = inner
        }
        let name = String(target.trimmingTwineSpaces())
        guard !name.isEmpty, !isURL(name) else { return nil }
        return TwineLink(text: String(text.trimmingTwineSpaces()), target: name, range: range)
    }

    /// `scheme://…`, which Twine treats as an external link.
    static func isURL(_ target: String) -> Bool {
        guard target.utf8.contains(UInt8(ascii: ":")), let colon = target[...].firstRange(ofASCII: "://") else { return false }
        let scheme = target[..<colon.lowerBound]
        return !scheme.isEmpty && scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// The markup for a choice: `[[text->target]]`, with `text` made safe (see ``safeText(_:)``).
    static func markup(text: String, target: String) -> String {
        "[[" + safeText(text) + "->" + target + "]]"
    }

    /// `text` with what would end or split a link replaced: line breaks (any, as Twine's link pattern
    /// stops at each) by spaces, `]]`, `][` and `[[` by their characters spaced apart; white space at
    /// the ends (which reading trims) dropped.
    static func safeText(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 || $0 < 0x21 || $0 == UInt8(ascii: "[") || $0 == UInt8(ascii: "]") })
        else { return text }
        var out = String(text.map { $0.isNewline ? " " : $0 })
        for pair in ["]]", "][", "[["] {
            let spaced = String(pair.first!) + " " + String(pair.last!)
            while out.contains(pair) { out = out.replacingOccurrences(of: pair, with: spaced) }
        }
        return String(out.trimmingTwineSpaces())
    }
}
