import Foundation
import Protocols

/// Reads Twine 2 HTML (twine-2-htmloutput-spec.md): the `<tw-storydata>` element of a published story or
/// of a library archive holding one story, with its `<tw-passagedata>` children. Errors name the line of
/// the element.
enum TwineHTMLReader {
    static func read(_ text: String, limits: TwineImportLimits) throws(TwineImportError) -> TwineRawStory {
        let document = Document(text)
        guard let storyStart = document.find("<tw-storydata", from: 0) else {
            throw TwineImportError(.malformedInput("no <tw-storydata> element found"), line: 1)
        }
        let storyLine = document.line(at: storyStart)
        let (storyAttributes, storyBodyStart) = try document.attributes(after: storyStart + 13, line: storyLine)
        guard let storyEnd = document.find("</tw-storydata", from: storyBodyStart) else {
            throw TwineImportError(.malformedInput("the <tw-storydata> element is not closed"), line: storyLine)
        }
        if let other = document.find("<tw-storydata", from: storyEnd) {
            throw TwineImportError(
                .malformedInput("the file holds more than one story; import them one at a time"),
                line: document.line(at: other))
        }

        var story = TwineRawStory(storyDataLine: storyLine, passages: [])
        story.title = storyAttributes["name"]
        story.ifid = storyAttributes["ifid"]
        var nameOfPid: [String: String] = [:]
        var cursor = storyBodyStart
        while let start = document.find("<tw-passagedata", from: cursor), start < storyEnd {
            let line = document.line(at: start)
            if story.passages.count == limits.maxPassages {
                throw TwineImportError(.tooManyPassages(limit: limits.maxPassages), line: line)
            }
            let (attributes, bodyStart) = try document.attributes(after: start + 15, line: line)
            guard let bodyEnd = document.find("</tw-passagedata", from: bodyStart), bodyEnd <= storyEnd else {
                throw TwineImportError(.malformedInput("a <tw-passagedata> element is not closed"), line: line)
            }
            guard let name = attributes["name"], !name.isEmpty else {
                throw TwineImportError(.malformedInput("a <tw-passagedata> element has no name"), line: line)
            }
            var metadata: [String: JSONValue] = [:]
            if let position = attributes["position"] { metadata[PassageMetadata.positionKey] = .string(position) }
            if let pid = attributes["pid"] { nameOfPid[pid] = name }
            story.passages.append(
                TwineRawPassage(
                    name: name, tags: (attributes["tags"] ?? "").split(separator: " ").map(String.init),
                    metadata: metadata, text: TwineHTMLEntities.decode(document.slice(bodyStart, bodyEnd)), line: line,
                    metadataLine: line, textLine: document.line(at: bodyStart), textLinesAreInputLines: true))
            cursor = bodyEnd
        }
        if let startnode = storyAttributes["startnode"], !startnode.isEmpty {
            guard let name = nameOfPid[startnode] else {
                throw TwineImportError(.missingStartPassage("pid \(startnode)"), line: storyLine)
            }
            story.start = (name, storyLine)
        }
        return story
    }

    /// The text as bytes, with the line of any offset.
    private struct Document {
        let bytes: [UInt8]
        let lowercased: [UInt8]
        /// Offsets of every `\n`.
        let newlines: [Int]

        init(_ text: String) {
            let utf8 = Array(text.utf8)
            bytes = utf8
            lowercased = utf8.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
            newlines = utf8.indices.filter { utf8[$0] == 0x0A }
        }

        /// The first offset at or after `from` where `needle` (lowercase ASCII) starts, ignoring case.
        func find(_ needle: String, from: Int) -> Int? {
            let pattern = Array(needle.utf8)
            guard pattern.count <= lowercased.count else { return nil }
            var i = from
            while i + pattern.count <= lowercased.count {
                if lowercased[i] == pattern[0], Array(lowercased[i..<i + pattern.count]) == pattern {
                    return i
                }
                i += 1
            }
            return nil
        }

        func line(at offset: Int) -> Int {
            var low = 0
            var high = newlines.count
            while low < high {
                let mid = (low + high) / 2
                if newlines[mid] < offset { low = mid + 1 } else { high = mid }
            }
            return low + 1
        }

        func slice(_ start: Int, _ end: Int) -> Substring {
            Substring(String(decoding: bytes[start..<end], as: UTF8.self))
        }

        /// The attributes of a start tag whose name ends at `offset`, and the offset after its `>`.
        func attributes(after offset: Int, line: Int) throws(TwineImportError) -> ([String: String], Int) {
            var attributes: [String: String] = [:]
            var i = offset
            func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0C }
            while i < bytes.count {
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                guard i < bytes.count else { break }
                if bytes[i] == UInt8(ascii: ">") { return (attributes, i + 1) }
                if bytes[i] == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ">") {
                    return (attributes, i + 2)
                }
                let nameStart = i
                while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: "="), bytes[i] != UInt8(ascii: ">") {
                    i += 1
                }
                let name = String(decoding: lowercased[nameStart..<i], as: UTF8.self)
                while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                var value = ""
                if i < bytes.count, bytes[i] == UInt8(ascii: "=") {
                    i += 1
                    while i < bytes.count, isSpace(bytes[i]) { i += 1 }
                    if i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'") {
                        let quote = bytes[i]
                        let valueStart = i + 1
                        i = valueStart
                        while i < bytes.count, bytes[i] != quote { i += 1 }
                        guard i < bytes.count else {
                            throw TwineImportError(.malformedMetadata("the attribute '\(name)' is not closed"), line: line)
                        }
                        value = TwineHTMLEntities.decode(slice(valueStart, i))
                        i += 1
                    } else {
                        let valueStart = i
                        while i < bytes.count, !isSpace(bytes[i]), bytes[i] != UInt8(ascii: ">") { i += 1 }
                        value = TwineHTMLEntities.decode(slice(valueStart, i))
                    }
                }
                if !name.isEmpty, attributes[name] == nil { attributes[name] = value }
            }
            throw TwineImportError(.malformedInput("a start tag is not closed with '>'"), line: line)
        }
    }
}
