import Foundation
import Protocols

/// The passage metadata this package reads and writes, besides the standard `position` and `size`.
///
/// Choice rules live in the passage they leave, under `choices`: an array aligned with the passage's
/// links in order, each entry an object with optional `condition` (JSON Logic, absent for `{}`),
/// `effects` (absent for `[]`) and `text` (the choice's exact text when the link could not carry it).
/// `title` keeps a scene title that the passage name could not (a duplicate, or one with `[`, `|`, …),
/// `text` keeps scene text that the passage text could not (it held `[[`, or trailing spaces).
/// Each is written only when needed. Twee writes `choices` as inline JSON; Twine 2 JSON, whose metadata
/// values are strings, writes it as a JSON string. Both forms are read from either format.
///
/// Example Twee header:
/// `:: Locked door {"choices":[{"condition":{"var":"vars.hasKey"}}],"position":"300,100","size":"100,100"}`
struct PassageMetadata: Hashable, Sendable {
    /// One link's rules.
    struct ChoiceRule: Hashable, Sendable {
        var condition: JSONValue = .emptyObject
        var effects: [JSONValue] = []
        var text: String?

        var isEmpty: Bool { condition == .emptyObject && effects.isEmpty && text == nil }

        var json: JSONValue {
            var members: [String: JSONValue] = [:]
            if condition != .emptyObject { members["condition"] = condition }
            if !effects.isEmpty { members["effects"] = .array(effects) }
            if let text { members["text"] = .string(text) }
            return .object(members)
        }
    }

    static let positionKey = "position"
    static let sizeKey = "size"
    static let titleKey = "title"
    static let textKey = "text"
    static let choicesKey = "choices"
    /// Twine's default passage tile size.
    static let defaultSize = "100,100"

    var position: Position?
    var title: String?
    var text: String?
    var choices: [ChoiceRule]?

    /// Reads the members; `why` of the error names the member.
    init(reading members: [String: JSONValue]) throws(PassageMetadataError) {
        if let value = members[Self.positionKey] {
            guard let string = value.stringValue, let position = Self.position(from: string) else {
                throw PassageMetadataError(why: "position \(TwineJSONText.compact(value)) is not \"x,y\"")
            }
            self.position = position
        }
        if let value = members[Self.titleKey] {
            guard let string = value.stringValue else { throw PassageMetadataError(why: "title is not a string") }
            title = string
        }
        if let value = members[Self.textKey] {
            guard let string = value.stringValue else { throw PassageMetadataError(why: "text is not a string") }
            text = string
        }
        if var value = members[Self.choicesKey] {
            if let string = value.stringValue {
                do { value = try TwineLocatedJSONParser.parse(string).value } catch {
                    throw PassageMetadataError(why: "choices is not JSON: \(error.message)")
                }
            }
            guard case .array(let items) = value else { throw PassageMetadataError(why: "choices is not an array") }
            var rules: [ChoiceRule] = []
            for (index, item) in items.enumerated() {
                guard case .object(let entry) = item else {
                    throw PassageMetadataError(why: "choice \(index + 1) is not an object")
                }
                var rule = ChoiceRule()
                if let condition = entry["condition"] { rule.condition = condition }
                if let effects = entry["effects"] {
                    guard case .array(let list) = effects else {
                        throw PassageMetadataError(why: "effects of choice \(index + 1) are not an array")
                    }
                    rule.effects = list
                }
                if let text = entry["text"] {
                    guard let string = text.stringValue else {
                        throw PassageMetadataError(why: "text of choice \(index + 1) is not a string")
                    }
                    rule.text = string
                }
                rules.append(rule)
            }
            choices = rules
        }
    }

    init(position: Position?, title: String?, text: String?, choices: [ChoiceRule]?) {
        self.position = position
        self.title = title
        self.text = text
        self.choices = choices
    }

    /// The members to write; `choicesAsString` for Twine 2 JSON.
    func members(choicesAsString: Bool) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        if let position {
            out[Self.positionKey] = .string(Self.coordinate(position.x) + "," + Self.coordinate(position.y))
            out[Self.sizeKey] = .string(Self.defaultSize)
        }
        if let title { out[Self.titleKey] = .string(title) }
        if let text { out[Self.textKey] = .string(text) }
        if let choices {
            let array = JSONValue.array(choices.map(\.json))
            out[Self.choicesKey] = choicesAsString ? .string(TwineJSONText.compact(array)) : array
        }
        return out
    }

    /// `"600,400"` → (600, 400); spaces around the numbers are allowed.
    static func position(from string: String) -> Position? {
        let parts = string.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let x = Double(parts[0].trimmingTwineSpaces()),
            let y = Double(parts[1].trimmingTwineSpaces()),
            x.isFinite, y.isFinite
        else { return nil }
        return Position(x: x, y: y)
    }

    /// A coordinate as Twine writes it: whole numbers without a fraction.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return "\(value)"
    }
}

/// Why passage metadata cannot be read.
struct PassageMetadataError: Error {
    var why: String
}
