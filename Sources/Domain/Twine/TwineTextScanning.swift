import Foundation

/// Fast, Foundation-free text helpers for the readers and writers (Foundation's `range(of:)` and
/// `trimmingCharacters(in:)` bridge through NSString on Linux and dominated the time of a large import).
extension StringProtocol {
    /// The text without white space (but not line breaks) at either end.
    func trimmingTwineSpaces() -> SubSequence {
        let isSpace: (Character) -> Bool = { $0.isWhitespace && !$0.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return self[endIndex...] }
        let last = lastIndex(where: { !isSpace($0) })!
        return self[first...last]
    }
}

extension Substring {
    /// Where the ASCII `needle` first occurs at or after `from` (default: the start).
    func firstRange(ofASCII needle: String, from: Index? = nil) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        let bytes = utf8
        var i = from ?? startIndex
        while i < endIndex {
            if bytes[i] == pattern[0], matches(pattern, at: i) {
                return i..<bytes.index(i, offsetBy: pattern.count)
            }
            i = bytes.index(after: i)
        }
        return nil
    }

    /// Where the ASCII `needle` last occurs.
    func lastRange(ofASCII needle: String) -> Range<Index>? {
        let pattern = Array(needle.utf8)
        let bytes = utf8
        var i = endIndex
        while i > startIndex {
            i = bytes.index(before: i)
            if bytes[i] == pattern[0], matches(pattern, at: i) {
                return i..<bytes.index(i, offsetBy: pattern.count)
            }
        }
        return nil
    }

    private func matches(_ pattern: [UInt8], at start: Index) -> Bool {
        let bytes = utf8
        var i = start
        for byte in pattern {
            guard i < endIndex, bytes[i] == byte else { return false }
            i = bytes.index(after: i)
        }
        return true
    }
}

extension StringProtocol where SubSequence == Substring {
    /// The lines of the text, split at each `\n` (empty lines kept), by bytes rather than characters:
    /// much faster, and a `\r\n` pair is split like any other `\n`.
    func twineLines() -> [Substring] {
        var lines: [Substring] = []
        let bytes = utf8
        var start = startIndex
        var i = startIndex
        while i < endIndex {
            if bytes[i] == 0x0A {
                lines.append(self[start..<i])
                start = bytes.index(after: i)
            }
            i = bytes.index(after: i)
        }
        lines.append(self[start..<endIndex])
        return lines
    }
}
