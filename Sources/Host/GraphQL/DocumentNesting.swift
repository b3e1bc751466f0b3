/// The nesting of a GraphQL document's text, measured by one linear scan of its bytes before the
/// parser runs: GraphQLSwift's parser is recursive, and a few kilobytes of `[[[[…` or `{a:{a:{…`
/// overflow its stack and kill the process. Strings (`"…"` and block strings `"""…"""`) and
/// comments (`#` to the end of the line) are skipped the way the lexer reads them, so brackets
/// inside them do not count.
enum DocumentNesting {
    /// The deepest nesting of `{`, `[` and `(` in `text`.
    static func depth(of text: String) -> Int {
        let bytes = Array(text.utf8)
        var i = 0
        var depth = 0
        var deepest = 0
        func isTripleQuote(at index: Int) -> Bool {
            index + 2 < bytes.count && bytes[index] == quote && bytes[index + 1] == quote && bytes[index + 2] == quote
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                depth += 1
                deepest = max(deepest, depth)
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                depth = max(0, depth - 1)
                i += 1
            case UInt8(ascii: "#"):
                while i < bytes.count, bytes[i] != newline, bytes[i] != carriageReturn { i += 1 }
            case quote where isTripleQuote(at: i):
                // A block string ends at the first `"""` not escaped as `\"""`.
                i += 3
                while i < bytes.count, !isTripleQuote(at: i) {
                    i += bytes[i] == backslash && isTripleQuote(at: i + 1) ? 4 : 1
                }
                i += 3
            case quote:
                // A string ends at an unescaped `"` (or at the end of the line, where the lexer fails).
                i += 1
                while i < bytes.count, bytes[i] != quote, bytes[i] != newline, bytes[i] != carriageReturn {
                    i += bytes[i] == backslash ? 2 : 1
                }
                i += 1
            default:
                i += 1
            }
        }
        return deepest
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
}
