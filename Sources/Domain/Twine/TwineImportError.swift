import Foundation

/// Why an import was refused, and where: nothing of the input is kept when one is thrown.
public struct TwineImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Hashable, Sendable {
        /// The format name is none of ``TwineFormat``'s.
        case unknownFormat(String)
        /// The input is not UTF-8; `line` is the line of the first bad byte.
        case invalidUTF8
        /// The input has more bytes than ``TwineImportLimits/maxBytes``; `line` is where the limit falls.
        case tooLarge(bytes: Int, limit: Int)
        /// The input has more passages than ``TwineImportLimits/maxPassages``; `line` is the first one over.
        case tooManyPassages(limit: Int)
        /// Two passages share a name; `line` is the second, `firstLine` the first.
        case duplicatePassageName(String, firstLine: Int?)
        /// A link names no passage of the story; `line` is the link's.
        case linkToMissingPassage(target: String, from: String)
        /// The start passage named by the story data (or `startnode`) does not exist.
        case missingStartPassage(String)
        /// A passage's metadata (header block, `metadata` object or attributes) cannot be read.
        case malformedMetadata(String)
        /// `StoryData` (or the story object or element) cannot be read.
        case malformedStoryData(String)
        /// The text is not in the format at all: no passages, a broken header, JSON that does not parse.
        case malformedInput(String)
    }

    /// What is wrong.
    public var kind: Kind
    /// The 1-based line of the input where it is wrong, or `nil` where there is no such place
    /// (an unknown format name). JSON errors name the line of the value concerned; HTML errors
    /// the line of the element.
    public var line: Int?

    public init(_ kind: Kind, line: Int?) {
        self.kind = kind
        self.line = line
    }

    /// A sentence for the author, with the line.
    public var description: String {
        let place = line.map { "line \($0): " } ?? ""
        return place + message
    }

    /// The sentence without the line.
    public var message: String {
        switch kind {
        case .unknownFormat(let name):
            return "unknown format '\(name)' (expected twee, json or html)"
        case .invalidUTF8:
            return "the input is not valid UTF-8"
        case .tooLarge(let bytes, let limit):
            return "the input is \(bytes) bytes, over the limit of \(limit)"
        case .tooManyPassages(let limit):
            return "the story has more than \(limit) passages"
        case .duplicatePassageName(let name, let firstLine):
            let first = firstLine.map { " (first on line \($0))" } ?? ""
            return "two passages are named '\(name)'\(first)"
        case .linkToMissingPassage(let target, let from):
            return "passage '\(from)' links to '\(target)', which is no passage of the story"
        case .missingStartPassage(let name):
            return "the start passage '\(name)' does not exist"
        case .malformedMetadata(let why):
            return "malformed passage metadata: \(why)"
        case .malformedStoryData(let why):
            return "malformed story data: \(why)"
        case .malformedInput(let why):
            return why
        }
    }
}

/// Why a graph could not be exported.
public enum TwineExportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The format cannot be written (HTML is import only).
    case unsupportedFormat(TwineFormat)
    /// The graph's IFID is not 8–63 capital letters, digits and hyphens.
    case invalidIFID(String)
    /// Two scenes share an id.
    case duplicateSceneId(String)
    /// A choice leaves or reaches a scene id that the graph does not hold.
    case choiceToMissingScene(from: String, to: String)
    /// The graph's `variables` is neither a JSON object nor `null`.
    case variablesNotAnObject

    public var description: String {
        switch self {
        case .unsupportedFormat(let format): "the \(format.rawValue) format cannot be exported"
        case .invalidIFID(let ifid): "'\(ifid)' is not an IFID"
        case .duplicateSceneId(let id): "two scenes have the id '\(id)'"
        case .choiceToMissingScene(let from, let to): "a choice from '\(from)' to '\(to)' names a missing scene"
        case .variablesNotAnObject: "the story's variables are not a JSON object"
        }
    }
}
