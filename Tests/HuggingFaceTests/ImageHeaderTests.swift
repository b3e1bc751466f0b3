import Testing
@testable import HuggingFace

/// Reading the size and format of PNG, JPEG and WebP pictures from their headers.
@Suite struct ImageHeaderTests {
    @Test func png() {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        bytes += [0, 0, 4, 0, 0, 0, 3, 0] + [8, 2, 0, 0, 0]
        #expect(ImageHeader(parsing: bytes) == ImageHeader(format: "png", width: 1024, height: 768))
    }

    @Test func jpegSkipsSegmentsUntilTheFrame() {
        let app0: [UInt8] = [0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0, 1, 1, 0, 0, 1, 0, 1, 0, 0]
        let sof2: [UInt8] = [0xFF, 0xC2, 0x00, 0x11, 0x08, 0x02, 0x00, 0x03, 0x20, 0x03] + [UInt8](repeating: 0, count: 9)
        let image = ImageHeader(parsing: [0xFF, 0xD8] + app0 + sof2)
        #expect(image == ImageHeader(format: "jpeg", width: 800, height: 512))
        #expect(image?.fileExtension == "jpg")
        #expect(image?.mimeType == "image/jpeg")
    }

    private func webp(_ chunk: String, _ payload: [UInt8]) -> [UInt8] {
        Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array(chunk.utf8) + [UInt8(payload.count), 0, 0, 0]
            + payload + [UInt8](repeating: 0, count: 16)
    }

    @Test func webpLossy() {
        // Frame tag (3 bytes), start code, 14-bit width 640 and height 480.
        let bytes = webp("VP8 ", [0x30, 0x01, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01])
        #expect(ImageHeader(parsing: bytes) == ImageHeader(format: "webp", width: 640, height: 480))
    }

    @Test func webpLossless() {
        // Signature 0x2F, then 14 bits width-1 (99) and 14 bits height-1 (49).
        let bits = UInt32(99) | UInt32(49) << 14
        let bytes = webp("VP8L", [0x2F] + withUnsafeBytes(of: bits.littleEndian, Array.init))
        #expect(ImageHeader(parsing: bytes) == ImageHeader(format: "webp", width: 100, height: 50))
    }

    @Test func webpExtended() {
        // Flags and reserved (4 bytes), then 24-bit width-1 (1023) and height-1 (767).
        let bytes = webp("VP8X", [0, 0, 0, 0, 0xFF, 0x03, 0x00, 0xFF, 0x02, 0x00])
        #expect(ImageHeader(parsing: bytes) == ImageHeader(format: "webp", width: 1024, height: 768))
    }

    @Test(arguments: [Array("<html>oops</html>".utf8), [], [0x89, 0x50], Array("RIFF\0\0\0\0WAVEfmt ".utf8)])
    func somethingElseIsNotAnImage(bytes: [UInt8]) {
        #expect(ImageHeader(parsing: bytes) == nil)
    }
}
