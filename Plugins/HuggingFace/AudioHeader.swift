/// The format and duration of a sound the inference API answers, read from its bytes
/// (WAV chunks, FLAC STREAMINFO, or MP3 frame headers walked one by one).
public struct AudioHeader: Sendable, Hashable {
    /// `wav`, `flac` or `mp3`.
    public var format: String
    public var sampleRate: Int
    public var duration: Double

    public var mimeType: String {
        switch format {
        case "mp3": "audio/mpeg"
        case "flac": "audio/flac"
        default: "audio/wav"
        }
    }

    public var fileExtension: String { format }

    public init(format: String, sampleRate: Int, duration: Double) {
        self.format = format
        self.sampleRate = sampleRate
        self.duration = duration
    }

    /// The header of `bytes`, or `nil` when they are not a WAV, FLAC or MP3 sound of known length.
    public init?(parsing bytes: [UInt8]) {
        guard let header = Self.wav(bytes) ?? Self.flac(bytes) ?? Self.mp3(bytes), header.duration > 0 else { return nil }
        self = header
    }

    private static func le(_ b: [UInt8], _ offset: Int, _ count: Int) -> Int {
        b[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }

    private static func wav(_ b: [UInt8]) -> AudioHeader? {
        guard b.count >= 44, Array(b[0..<4]) == Array("RIFF".utf8), Array(b[8..<12]) == Array("WAVE".utf8) else { return nil }
        var offset = 12
        var format: (rate: Int, frameBytes: Int)?
        while offset + 8 <= b.count {
            let id = String(decoding: b[offset..<offset + 4], as: UTF8.self)
            let size = le(b, offset + 4, 4)
            if id == "fmt ", offset + 24 <= b.count {
                format = (le(b, offset + 12, 4), le(b, offset + 20, 2))
            } else if id == "data", let format, format.rate > 0, format.frameBytes > 0 {
                let bytes = size == 0 || size > b.count - offset - 8 ? b.count - offset - 8 : size
                return AudioHeader(format: "wav", sampleRate: format.rate, duration: Double(bytes / format.frameBytes) / Double(format.rate))
            }
            offset += 8 + size + (size & 1)
        }
        return nil
    }

    private static func flac(_ b: [UInt8]) -> AudioHeader? {
        // "fLaC", then the STREAMINFO block: 4-byte block header, 10 bytes of block and frame sizes, then
        // 20 bits of sample rate, 3 of channels, 5 of bits per sample and 36 of total samples.
        guard b.count >= 26, Array(b[0..<4]) == Array("fLaC".utf8), b[4] & 0x7F == 0 else { return nil }
        let packed = b[18..<26].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let rate = Int(packed >> 44)
        let samples = Int(packed & 0xF_FFFF_FFFF)
        guard rate > 0 else { return nil }
        return AudioHeader(format: "flac", sampleRate: rate, duration: Double(samples) / Double(rate))
    }

    private static func mp3(_ b: [UInt8]) -> AudioHeader? {
        var offset = 0
        if b.count >= 10, Array(b[0..<3]) == Array("ID3".utf8) {
            // The tag size is four 7-bit bytes, after a 10-byte header (and a 10-byte footer when flagged).
            let size = b[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
            offset = 10 + size + (b[5] & 0x10 != 0 ? 10 : 0)
        }
        var samples = 0
        var sampleRate = 0
        while offset + 4 <= b.count, let frame = MP3Frame(b[offset], b[offset + 1], b[offset + 2]) {
            sampleRate = frame.sampleRate
            samples += frame.samples
            offset += frame.length
        }
        guard samples > 0, sampleRate > 0 else { return nil }
        return AudioHeader(format: "mp3", sampleRate: sampleRate, duration: Double(samples) / Double(sampleRate))
    }
}

/// One MPEG audio layer III frame header.
struct MP3Frame {
    var sampleRate: Int
    var samples: Int
    var length: Int

    init?(_ b0: UInt8, _ b1: UInt8, _ b2: UInt8) {
        guard b0 == 0xFF, b1 & 0xE0 == 0xE0, (b1 >> 1) & 0x3 == 0x1 else { return nil }  // sync, layer III
        let version = (b1 >> 3) & 0x3  // 3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5
        guard version != 1 else { return nil }
        let bitrateIndex = Int(b2 >> 4), rateIndex = Int((b2 >> 2) & 0x3), padding = Int((b2 >> 1) & 0x1)
        guard bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        let mpeg1 = version == 3
        let bitrates = mpeg1
            ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
            : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        let baseRates = [44100, 48000, 32000]
        sampleRate = baseRates[rateIndex] / (mpeg1 ? 1 : version == 2 ? 2 : 4)
        samples = mpeg1 ? 1152 : 576
        length = (samples / 8) * bitrates[bitrateIndex] * 1000 / sampleRate + padding
        guard length > 4 else { return nil }
    }
}
