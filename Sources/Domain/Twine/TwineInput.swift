import Foundation

/// The checks every import makes on the raw bytes before parsing: the size limit and UTF-8.
enum TwineInput {
    /// The bytes as text, with a leading byte-order mark dropped and line ends made `\n`.
    /// - Throws: ``TwineImportError`` `tooLarge` (at the line where the limit falls) or `invalidUTF8`
    ///   (at the line of the first bad byte).
    static func text(from data: Data, limits: TwineImportLimits) throws(TwineImportError) -> String {
        let bytes = [UInt8](data)
        if bytes.count > limits.maxBytes {
            let line = lineNumber(ofByte: max(0, limits.maxBytes), in: bytes)
            throw TwineImportError(.tooLarge(bytes: bytes.count, limit: limits.maxBytes), line: line)
        }
        if let bad = firstInvalidUTF8Offset(bytes) {
            throw TwineImportError(.invalidUTF8, line: lineNumber(ofByte: bad, in: bytes))
        }
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return normalizedLineEnds(text)
    }

    /// The same checks on a string already in memory (the size is counted in UTF-8 bytes).
    static func text(from string: String, limits: TwineImportLimits) throws(TwineImportError) -> String {
        let count = string.utf8.count
        if count > limits.maxBytes {
            let line = lineNumber(ofByte: limits.maxBytes, in: Array(string.utf8.prefix(limits.maxBytes + 1)))
            throw TwineImportError(.tooLarge(bytes: count, limit: limits.maxBytes), line: line)
        }
        var text = string
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return normalizedLineEnds(text)
    }

    /// `\r\n` and lone `\r` become `\n`, so that lines count the same whatever wrote the file.
    static func normalizedLineEnds(_ text: String) -> String {
        guard text.utf8.contains(0x0D) else { return text }
        return text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }

    /// 1-based line of byte `offset` (lines end with `\n`).
    static func lineNumber(ofByte offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        for byte in bytes.prefix(offset) where byte == 0x0A { line += 1 }
        return line
    }

    /// The offset of the first byte that does not belong to a well-formed UTF-8 sequence, or `nil`.
    static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            guard i + length <= n else { return i }
            if !(low...high).contains(bytes[i + 1]) { return i }
            for k in 2..<max(2, length) where !(0x80...0xBF).contains(bytes[i + k]) { return i }
            i += length
        }
        return nil
    }
}
