/// The size and format of a picture, read from its first bytes (PNG IHDR, JPEG SOF, WebP VP8/VP8L/VP8X).
public struct ImageHeader: Sendable, Hashable {
    /// `png`, `jpeg` or `webp`.
    public var format: String
    public var width: Int
    public var height: Int

    /// The MIME type of the format.
    public var mimeType: String { "image/\(format)" }
    /// The file extension of the format, without the dot.
    public var fileExtension: String { format == "jpeg" ? "jpg" : format }

    public init(format: String, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    /// The header of `bytes`, or `nil` when they are not a PNG, JPEG or WebP picture whose size can be read.
    public init?(parsing bytes: [UInt8]) {
        guard let header = Self.png(bytes) ?? Self.jpeg(bytes) ?? Self.webp(bytes),
              header.width > 0, header.height > 0 else { return nil }
        self = header
    }

    private static func png(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 24, b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
              Array(b[12..<16]) == Array("IHDR".utf8) else { return nil }
        return ImageHeader(format: "png", width: bigEndian(b, 16, 4), height: bigEndian(b, 20, 4))
    }

    private static func jpeg(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 4, b[0] == 0xFF, b[1] == 0xD8 else { return nil }
        var i = 2
        while i + 4 <= b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1]
            if marker == 0xFF { i += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
            let length = bigEndian(b, i + 2, 2)
            // Start of frame: every SOFn but DHT (C4), JPG (C8) and DAC (CC).
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard i + 9 <= b.count else { return nil }
                return ImageHeader(format: "jpeg", width: bigEndian(b, i + 7, 2), height: bigEndian(b, i + 5, 2))
            }
            guard length >= 2 else { return nil }
            i += 2 + length
        }
        return nil
    }

    private static func webp(_ b: [UInt8]) -> ImageHeader? {
        guard b.count >= 30, Array(b[0..<4]) == Array("RIFF".utf8), Array(b[8..<12]) == Array("WEBP".utf8) else { return nil }
        switch String(decoding: b[12..<16], as: UTF8.self) {
        case "VP8 ":
            // Key frame: 3 bytes of frame tag, start code 9D 01 2A, then 14-bit width and height.
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else { return nil }
            return ImageHeader(format: "webp", width: littleEndian(b, 26, 2) & 0x3FFF, height: littleEndian(b, 28, 2) & 0x3FFF)
        case "VP8L":
            guard b[20] == 0x2F else { return nil }
            let bits = littleEndian(b, 21, 4)
            return ImageHeader(format: "webp", width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return ImageHeader(format: "webp", width: littleEndian(b, 24, 3) + 1, height: littleEndian(b, 27, 3) + 1)
        default:
            return nil
        }
    }

    private static func bigEndian(_ b: [UInt8], _ offset: Int, _ count: Int) -> Int {
        b[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ b: [UInt8], _ offset: Int, _ count: Int) -> Int {
        b[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
