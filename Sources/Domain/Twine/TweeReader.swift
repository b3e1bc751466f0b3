import Foundation
import Protocols

/// Reads Twee 3 notation into a ``TwineRawStory``.
///
/// Stricter than the specification's advice in one way: metadata that does not decode is an error
/// with its line, not a warning, so that nothing is imported half right. As the specification
/// recommends, Twee2's position block is read too when it follows a tag block (`:: Name [tags] <600,400>`;
/// without tags, `<` is part of the name, as Twee 3 does not escape it).
enum TweeReader {
    /// The passages that hold story data, not scenes; they do not count against the passage limit.
    static let special: Set<String> = ["StoryTitle", "StoryData"]

    static func read(_ text: String, limits: TwineImportLimits) throws(TwineImportError) -> TwineRawStory {
        let lines = text.twineLines()
        var headers: [(header: Header, line: Int, content: [Substring])] = []
        var passageCount = 0
        for (index, line) in lines.enumerated() {
            let number = index + 1
            if line.hasPrefix("::") {
                let header = try parseHeader(line, line: number)
                if !Self.special.contains(header.name) {
                    passageCount += 1
                    if passageCount > limits.maxPassages {
                        throw TwineImportError(.tooManyPassages(limit: limits.maxPassages), line: number)
                    }
                }
                headers.append((header, number, []))
            } else if headers.isEmpty {
                guard line.allSatisfy(\.isWhitespace) else {
                    throw TwineImportError(
                        .malformedInput("text before the first passage header (a line starting with '::')"),
                        line: number)
                }
            } else {
                headers[headers.count - 1].content.append(TweeEscaping.unescapeContentLine(line))
            }
        }
        guard !headers.isEmpty else {
            throw TwineImportError(.malformedInput("no passage header (a line starting with '::') found"), line: 1)
        }

        var story = TwineRawStory(defaultStartName: "Start", passages: [])
        var specialLines: [String: Int] = [:]
        for (header, line, contentLines) in headers {
            var content = contentLines
            while let last = content.last, last.allSatisfy(\.isWhitespace) { content.removeLast() }
            let body = content.joined(separator: "\n")
            switch header.name {
            case "StoryTitle", "StoryData":
                if let first = specialLines[header.name] {
                    throw TwineImportError(.duplicatePassageName(header.name, firstLine: first), line: line)
                }
                specialLines[header.name] = line
                if header.name == "StoryTitle" {
                    story.title = body
                } else {
                    try readStoryData(body, line: line, into: &story)
                }
            default:
                story.passages.append(
                    TwineRawPassage(
                        name: header.name, tags: header.tags, metadata: header.metadata, text: body, line: line,
                        metadataLine: line, textLine: line + 1, textLinesAreInputLines: true))
            }
        }
        return story
    }

    /// A parsed `:: Name [tags] {metadata}` line.
    struct Header {
        var name: String
        var tags: [String]
        var metadata: [String: JSONValue]
    }

    static func parseHeader(_ text: Substring, line: Int) throws(TwineImportError) -> Header {
        var rest = text.dropFirst(2)
        rest = rest.drop { $0 == " " || $0 == "\t" }
        var name = ""
        while let character = rest.first, character != "[", character != "{" {
            rest.removeFirst()
            if character == "\\", let escaped = rest.first {
                rest.removeFirst()
                name.append(escaped)
            } else {
                name.append(character)
            }
        }
        name = String(name.trimmingTwineSpaces())
        guard !name.isEmpty else { throw TwineImportError(.malformedInput("a passage header without a name"), line: line) }

        var tags: [String] = []
        if rest.first == "[" {
            rest.removeFirst()
            var tag = ""
            var closed = false
            while let character = rest.first {
                rest.removeFirst()
                if character == "\\", let escaped = rest.first {
                    rest.removeFirst()
                    tag.append(escaped)
                } else if character == "]" {
                    closed = true
                    break
                } else if character == " " || character == "\t" {
                    if !tag.isEmpty { tags.append(tag) }
                    tag = ""
                } else {
                    tag.append(character)
                }
            }
            guard closed else {
                throw TwineImportError(.malformedInput("the tag block of passage '\(name)' has no closing ']'"), line: line)
            }
            if !tag.isEmpty { tags.append(tag) }
            rest = rest.drop { $0 == " " || $0 == "\t" }
        }

        var metadata: [String: JSONValue] = [:]
        if rest.first == "{" {
            let json = rest.trimmingCharacters(in: .whitespaces)
            let parsed: TwineLocatedJSON
            do { parsed = try TwineLocatedJSONParser.parse(json, firstLine: line) } catch {
                throw TwineImportError(.malformedMetadata("\(error.message) in the metadata of passage '\(name)'"), line: line)
            }
            metadata = parsed.value.objectValue ?? [:]
            rest = ""
        } else if rest.first == "<", let close = rest.firstIndex(of: ">") {
            // Twee2's position block, `<x,y>`, read as the position it stands for.
            metadata[PassageMetadata.positionKey] = .string(String(rest[rest.index(after: rest.startIndex)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        guard rest.allSatisfy({ $0 == " " || $0 == "\t" }) else {
            throw TwineImportError(
                .malformedInput("unexpected '\(rest.trimmingCharacters(in: .whitespaces))' in the header of passage '\(name)'"),
                line: line)
        }
        return Header(name: name, tags: tags, metadata: metadata)
    }

    private static func readStoryData(_ body: String, line: Int, into story: inout TwineRawStory) throws(TwineImportError) {
        story.storyDataLine = line
        let json: TwineLocatedJSON
        do { json = try TwineLocatedJSONParser.parse(body, firstLine: line + 1) } catch {
            throw TwineImportError(.malformedStoryData(error.message), line: error.line)
        }
        guard json.isObject else { throw TwineImportError(.malformedStoryData("StoryData is not a JSON object"), line: line + 1) }
        try StoryDataReader.read(json, into: &story)
    }
}

/// Reads the story-level members shared by Twee's `StoryData` and the Twine 2 JSON story object.
enum StoryDataReader {
    static func read(_ json: TwineLocatedJSON, into story: inout TwineRawStory) throws(TwineImportError) {
        story.ifid = try string(json, StoryDataKey.ifid)
        if let start = json[StoryDataKey.start] {
            guard let name = start.stringValue else {
                throw TwineImportError(.malformedStoryData("start is not a string"), line: start.line)
            }
            story.start = (name, start.line)
        }
        story.description = try string(json, StoryDataKey.description)
        if let variables = json[StoryDataKey.variables] {
            guard variables.isObject else {
                throw TwineImportError(.malformedStoryData("variables is not an object"), line: variables.line)
            }
            story.variables = variables.value
        }
    }

    static func string(_ json: TwineLocatedJSON, _ key: String) throws(TwineImportError) -> String? {
        guard let member = json[key] else { return nil }
        guard let string = member.stringValue else {
            throw TwineImportError(.malformedStoryData("\(key) is not a string"), line: member.line)
        }
        return string
    }
}
