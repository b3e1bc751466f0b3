/// The format of a RIFF/WAVE file, read from its chunks.
struct WAVInfo: Equatable, Sendable {
    var sampleRate: Int
    var channels: Int
    var bitsPerSample: Int
    var dataBytes: Int

    /// Seconds of sound.
    var duration: Double {
        let frameBytes = channels * max(bitsPerSample / 8, 1)
        return sampleRate > 0 && frameBytes > 0 ? Double(dataBytes / frameBytes) / Double(sampleRate) : 0
    }

    /// The format of `bytes`, or `nil` when they are not a WAV file with `fmt ` and `data` chunks.
    init?(parsing bytes: [UInt8]) {
        guard bytes.count >= 44, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WAVE".utf8) else {
            return nil
        }
        func le(_ offset: Int, _ count: Int) -> Int {
            bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
        }
        var offset = 12
        var format: (rate: Int, channels: Int, bits: Int)?
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = le(offset + 4, 4)
            let body = offset + 8
            if id == "fmt ", body + 16 <= bytes.count {
                format = (le(body + 4, 4), le(body + 2, 2), le(body + 14, 2))
            } else if id == "data", let format {
                // Streams write 0 or 0xFFFFFFFF when they do not know the size yet: count what is there.
                let available = bytes.count - body
                self.init(sampleRate: format.rate, channels: format.channels, bitsPerSample: format.bits,
                          dataBytes: size == 0 || size > available ? available : size)
                return
            }
            offset = body + size + (size & 1)
        }
        return nil
    }

    init(sampleRate: Int, channels: Int, bitsPerSample: Int, dataBytes: Int) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitsPerSample = bitsPerSample
        self.dataBytes = dataBytes
    }
}
