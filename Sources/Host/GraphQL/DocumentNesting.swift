/// The nesting of a GraphQL document's text, measured by one linear scan of its bytes before the
/// parser runs: GraphQLSwift's parser is recursive, and a few kilobytes of `[[[[…` or `{a:{a:{…`
/// overflow its stack and kill the process. Strings (`"…"` and block strings `"""…"""`) and
/// comments (`#` to the end of the line) are skipped the way the lexer reads them, so brackets
/// inside them do not count.
///
/// The same scan counts the aliases written in the text (`name:` outside parentheses, where
/// arguments, variable definitions and input objects live): a document whose text alone holds
/// more than `MAX_ALIASES` is refused before it is parsed, which for a 150 KB alias bomb is most of
/// the work. (It counts the aliases of every operation of the document, used or not.)
enum DocumentNesting {
    /// The deepest nesting of `{`, `[` and `(` in `text`.
    static func depth(of text: String) -> Int { measure(text).depth }

    /// The deepest nesting, and the aliases written outside parentheses.
    static func measure(_ text: String) -> (depth: Int, aliases: Int) {
        let bytes = Array(text.utf8)
        var i = 0
        var depth = 0
        var deepest = 0
        var parentheses = 0
        var aliases = 0
        var lastSignificant: UInt8 = 0
        func isTripleQuote(at index: Int) -> Bool {
            index + 2 < bytes.count && bytes[index] == quote && bytes[index + 1] == quote && bytes[index + 2] == quote
        }
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                if bytes[i] == UInt8(ascii: "(") { parentheses += 1 }
                depth += 1
                deepest = max(deepest, depth)
                lastSignificant = bytes[i]
                i += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                if bytes[i] == UInt8(ascii: ")") { parentheses = max(0, parentheses - 1) }
                depth = max(0, depth - 1)
                lastSignificant = bytes[i]
                i += 1
            case UInt8(ascii: ":"):
                if parentheses == 0, isNameByte(lastSignificant) { aliases += 1 }
                lastSignificant = bytes[i]
                i += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), newline, carriageReturn, UInt8(ascii: ","):
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
                lastSignificant = quote
            default:
                lastSignificant = bytes[i]
                i += 1
            }
        }
        return (deepest, aliases)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) || (byte >= 48 && byte <= 57) || byte == 95
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")
}
