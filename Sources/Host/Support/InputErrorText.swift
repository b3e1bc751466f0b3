/// Decoding errors of GraphQL input, said in plain words: the argument's path and the expected type,
/// never the decoder's own text (which names Swift types and internal values).
enum InputErrorText {
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let path = Self.path(context)
            if let underlying = context.underlyingError as? JSONValueErrorDescribable { return "\(path): \(underlying.text)" }
            return "Invalid value for \(path.isEmpty ? "the input" : path): expected \(Self.words(for: type))"
        case .dataCorrupted(let context):
            let path = Self.path(context)
            if let underlying = context.underlyingError as? JSONValueErrorDescribable { return "\(path): \(underlying.text)" }
            let expected = Self.expected(in: context.debugDescription).map { ": expected \($0)" } ?? ""
            return "Invalid value for \(path.isEmpty ? "the input" : path)\(expected)"
        case .keyNotFound(let key, _):
            return "\(key.stringValue) is required"
        @unknown default:
            return "Invalid input"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        context.codingPath.map(\.stringValue).filter { !$0.isEmpty }.joined(separator: ".")
    }

    /// The expected type in words, for the types our inputs use.
    static func words(for type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int32.Type, is Int64.Type, is UInt.Type: "an integer"
        case is Double.Type, is Float.Type: "a number"
        case is Bool.Type: "true or false"
        case is String.Type: "a string"
        case is [Any].Type: "a list"
        default: "a value of another type"
        }
    }

    /// What a decoder's message says was expected ("… does not fit in Int."), in words; `nil` when it says nothing usable.
    static func expected(in text: String) -> String? {
        if text.contains("in Int") { return "an integer" }
        if text.contains("in Double") || text.contains("in Float") { return "a number" }
        if text.contains("Bool") { return "true or false" }
        return nil
    }
}

/// Errors whose text may be shown inside an input error.
protocol JSONValueErrorDescribable { var text: String { get } }
