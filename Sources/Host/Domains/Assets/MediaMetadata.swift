import Foundation
import Protocols

/// Reads what the asset record keeps about a media file: `width` and `height` of images
/// (JPEG, PNG, GIF, WebP), `duration` in seconds of sounds (WAV, OGG, MP3, best effort).
/// Only headers are read, at most a few reads of 64 KiB, never the whole file. Unknown or
/// damaged headers give no entry rather than an error.
enum MediaMetadata {
    static func extract(_ format: MediaFormat, file: RandomAccessFile) -> [String: JSONValue] {
        switch format {
        case .jpeg, .png, .gif, .webp:
            guard let (w, h) = dimensions(format, file: file), w > 0, h > 0 else { return [:] }
            return ["width": .int(w), "height": .int(h)]
        case .wav, .ogg, .mp3:
            let seconds: Double? = switch format {
            case .wav: wavDuration(file)
            case .ogg: oggDuration(file)
            default: mp3Duration(file)
            }
            guard let seconds, seconds.isFinite, seconds >= 0 else { return [:] }
            return ["duration": .double((seconds * 1000).rounded() / 1000)]
        case .mp4, .webm:
            return [:]
        }
    }

    // MARK: Images

    static func dimensions(_ format: MediaFormat, file: RandomAccessFile) -> (Int, Int)? {
        let head = file.read(at: 0, count: 32)
        switch format {
        case .png:
            guard head.count >= 24 else { return nil }
            return (Int(head.bigEndian(16, 4)), Int(head.bigEndian(20, 4)))
        case .gif:
            guard head.count >= 10 else { return nil }
            return (Int(head.littleEndian(6, 2)), Int(head.littleEndian(8, 2)))
        case .webp:
            return webpDimensions(head)
        case .jpeg:
            return jpegDimensions(file)
        default:
            return nil
        }
    }

    private static func webpDimensions(_ head: [UInt8]) -> (Int, Int)? {
        guard head.count >= 30 else { return nil }
        switch String(decoding: head[12..<16], as: UTF8.self) {
        case "VP8 ":  // lossy: 14-bit sizes after the 3-byte frame tag and the start code
            return (Int(head.littleEndian(26, 2) & 0x3FFF), Int(head.littleEndian(28, 2) & 0x3FFF))
        case "VP8L":  // lossless: 14-bit sizes minus one, packed after the 0x2F signature
            let b = head[21..<25].map(Int.init)
            let w = 1 + (((b[1] & 0x3F) << 8) | b[0])
            let h = 1 + (((b[3] & 0x0F) << 10) | (b[2] << 2) | ((b[1] & 0xC0) >> 6))
            return (w, h)
        case "VP8X":  // extended: 24-bit canvas sizes minus one
            return (Int(head.littleEndian(24, 3)) + 1, Int(head.littleEndian(27, 3)) + 1)
        default:
            return nil
        }
    }

    /// Walks the JPEG segments up to the first start-of-frame marker.
    private static func jpegDimensions(_ file: RandomAccessFile) -> (Int, Int)? {
        var offset = 2
        for _ in 0..<1000 {
            let header = file.read(at: offset, count: 9)
            guard header.count >= 4, header[0] == 0xFF else { return nil }
            let marker = header[1]
            if marker == 0xFF { offset += 1; continue }  // fill byte
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { offset += 2; continue }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image, start of scan
            let length = Int(header.bigEndian(2, 2))
            let isStartOfFrame = (0xC0...0xCF).contains(marker) && ![0xC4, 0xC8, 0xCC].contains(marker)
            if isStartOfFrame {
                guard header.count >= 9 else { return nil }
                return (Int(header.bigEndian(7, 2)), Int(header.bigEndian(5, 2)))
            }
            guard length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }

    // MARK: Sounds

    /// The `data` chunk's size over the `fmt ` chunk's byte rate.
    static func wavDuration(_ file: RandomAccessFile) -> Double? {
        var offset = 12
        var byteRate: UInt64?
        for _ in 0..<64 {
            let header = file.read(at: offset, count: 24)
            guard header.count >= 8 else { return nil }
            let id = String(decoding: header[0..<4], as: UTF8.self)
            var size = Int(header.littleEndian(4, 4))
            if id == "fmt ", header.count >= 20 {
                byteRate = header.littleEndian(16, 4)
            } else if id == "data", let byteRate, byteRate > 0 {
                // Streams written before their length was known carry 0 or 0xFFFFFFFF: use the rest of the file.
                let rest = file.size - offset - 8
                if size == 0 || size == 0xFFFF_FFFF || size > rest { size = rest }
                return Double(size) / Double(byteRate)
            }
            offset += 8 + size + (size & 1)
        }
        return nil
    }

    /// The last page's granule position over the sample rate of the first (Vorbis or Opus) header.
    static func oggDuration(_ file: RandomAccessFile) -> Double? {
        let first = file.read(at: 0, count: 512)
        guard first.count > 27 else { return nil }
        let packetStart = 27 + Int(first[26])
        guard first.count >= packetStart + 19 else { return nil }
        let packet = Array(first[packetStart...])
        var sampleRate: UInt64
        var preSkip: UInt64 = 0
        if packet.starts(with: [0x01] + Array("vorbis".utf8)), packet.count >= 16 {
            sampleRate = packet.littleEndian(12, 4)
        } else if packet.starts(with: Array("OpusHead".utf8)) {
            sampleRate = 48000  // Opus granules always count 48 kHz samples
            preSkip = packet.littleEndian(10, 2)
        } else if packet.starts(with: [0x7F] + Array("FLAC".utf8)), packet.count >= 30 {
            sampleRate = packet.bigEndian(27, 3) >> 4
        } else {
            return nil
        }
        guard sampleRate > 0 else { return nil }
        let tailLength = min(file.size, 65_536)
        let tail = file.read(at: file.size - tailLength, count: tailLength)
        let capture: [UInt8] = Array("OggS".utf8)
        var index = tail.count - 27
        while index >= 0 {
            if tail[index] == capture[0], Array(tail[index..<index + 4]) == capture {
                let granule = tail.littleEndian(index + 6, 8)
                guard granule != UInt64.max, granule >= preSkip else { return nil }
                return Double(granule - preSkip) / Double(sampleRate)
            }
            index -= 1
        }
        return nil
    }

    /// From a Xing/Info or VBRI frame count when present, else from the first frame's bit rate (CBR).
    static func mp3Duration(_ file: RandomAccessFile) -> Double? {
        var start = 0
        let id3 = file.read(at: 0, count: 10)
        if id3.count == 10, id3.starts(with: Array("ID3".utf8)) {
            let size = id3[6...9].reduce(0) { ($0 << 7) | Int($1 & 0x7F) }
            start = 10 + size + (id3[5] & 0x10 != 0 ? 10 : 0)
        }
        let window = file.read(at: start, count: 65_536)
        guard let index = window.indices.first(where: { MP3Frame(window, at: $0) != nil }),
            let frame = MP3Frame(window, at: index)
        else { return nil }
        let xing = index + frame.sideInfoEnd
        if window.count >= xing + 12 {
            let tag = String(decoding: window[xing..<xing + 4], as: UTF8.self)
            if tag == "Xing" || tag == "Info", window.bigEndian(xing + 4, 4) & 1 == 1 {
                let frames = window.bigEndian(xing + 8, 4)
                return Double(frames) * Double(frame.samplesPerFrame) / Double(frame.sampleRate)
            }
        }
        let vbri = index + 36
        if window.count >= vbri + 18, String(decoding: window[vbri..<vbri + 4], as: UTF8.self) == "VBRI" {
            let frames = window.bigEndian(vbri + 14, 4)
            return Double(frames) * Double(frame.samplesPerFrame) / Double(frame.sampleRate)
        }
        let audioBytes = file.size - start - index
        return Double(audioBytes) * 8 / Double(frame.bitrateKbps * 1000)
    }
}

/// Reads parts of a file at given offsets (headers of uploads), without loading it whole.
final class RandomAccessFile {
    private let handle: FileHandle
    let size: Int

    init(path: String) throws {
        handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        size = Int(try handle.seekToEnd())
    }

    deinit { try? handle.close() }

    /// Up to `count` bytes from `offset`; fewer at the end of the file, none past it.
    func read(at offset: Int, count: Int) -> [UInt8] {
        guard offset >= 0, offset < size, count > 0 else { return [] }
        do {
            try handle.seek(toOffset: UInt64(offset))
            return [UInt8](try handle.read(upToCount: count) ?? Data())
        } catch {
            return []
        }
    }
}

extension Array where Element == UInt8 {
    /// The unsigned big-endian integer of `count` bytes at `offset` (0 past the end).
    func bigEndian(_ offset: Int, _ count: Int) -> UInt64 {
        guard offset >= 0, offset + count <= self.count else { return 0 }
        return self[offset..<offset + count].reduce(0) { ($0 << 8) | UInt64($1) }
    }

    /// The unsigned little-endian integer of `count` bytes at `offset` (0 past the end).
    func littleEndian(_ offset: Int, _ count: Int) -> UInt64 {
        guard offset >= 0, offset + count <= self.count else { return 0 }
        return self[offset..<offset + count].reversed().reduce(0) { ($0 << 8) | UInt64($1) }
    }
}
