import Protocols

/// A media format recognised by the first bytes of a file (its "magic bytes"), never by its name.
enum MediaFormat: String, Sendable, CaseIterable {
    case jpeg, png, gif, webp
    case mp3, wav, ogg
    case mp4, webm

    /// How many leading bytes ``detect(_:)`` needs at most.
    static let sniffLength = 64

    var kind: AssetKind {
        switch self {
        case .jpeg, .png, .gif, .webp: .image
        case .mp3, .wav, .ogg: .sound
        case .mp4, .webm: .video
        }
    }

    /// The extension stored files get (`<uuid>.<ext>`).
    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        default: rawValue
        }
    }

    var mimeType: String {
        switch self {
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        case .gif: "image/gif"
        case .webp: "image/webp"
        case .mp3: "audio/mpeg"
        case .wav: "audio/wav"
        case .ogg: "audio/ogg"
        case .mp4: "video/mp4"
        case .webm: "video/webm"
        }
    }

    /// The format whose signature starts `head`, `nil` when none does.
    static func detect(_ head: [UInt8]) -> MediaFormat? {
        func starts(_ signature: [UInt8], at offset: Int = 0) -> Bool {
            head.count >= offset + signature.count && Array(head[offset..<offset + signature.count]) == signature
        }
        let riff: [UInt8] = Array("RIFF".utf8)
        if starts([0xFF, 0xD8, 0xFF]) { return .jpeg }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return .gif }
        if starts(riff), starts(Array("WEBP".utf8), at: 8) { return .webp }
        if starts(riff), starts(Array("WAVE".utf8), at: 8) { return .wav }
        if starts(Array("OggS".utf8)) { return .ogg }
        if starts(Array("ID3".utf8)) || MP3Frame(head, at: 0) != nil { return .mp3 }
        // ISO media shares `ftyp` with HEIC, AVIF, M4A and QuickTime: the major brand tells MP4 video.
        if starts(Array("ftyp".utf8), at: 4), head.count >= 12, mp4Brands.contains(String(decoding: head[8..<12], as: UTF8.self)) {
            return .mp4
        }
        // EBML is also Matroska's: the header's DocType element (0x4282) must say "webm".
        if starts([0x1A, 0x45, 0xDF, 0xA3]), containsWebMDocType(head) { return .webm }
        return nil
    }

    /// Major brands of MP4 video files (ISO base media, MPEG-4 part 14, H.264, DASH, iTunes video).
    static let mp4Brands: Set<String> = [
        "isom", "iso2", "iso3", "iso4", "iso5", "iso6", "iso8", "iso9", "mp41", "mp42", "avc1", "dash", "M4V ", "M4VH", "M4VP",
        "mmp4", "f4v ", "MSNV",
    ]

    /// Whether an EBML header declares the `webm` document type.
    static func containsWebMDocType(_ head: [UInt8]) -> Bool {
        let docType: [UInt8] = [0x42, 0x82, 0x84] + Array("webm".utf8)
        guard head.count >= docType.count else { return false }
        return (0...(head.count - docType.count)).contains { Array(head[$0..<$0 + docType.count]) == docType }
    }

    /// The formats accepted for an asset type, as named in refusals.
    static func expectedNames(for kind: AssetKind) -> String {
        switch kind {
        case .image: "JPEG, PNG, GIF or WebP"
        case .sound: "MP3, WAV or OGG"
        case .video: "MP4 or WebM"
        }
    }
}

/// Why an upload is refused before anything is stored. Each text is shown to the client as is.
enum UploadRefusal: Error, Equatable, Sendable, CustomStringConvertible {
    case noFile
    case emptyFile
    case tooLarge(kind: AssetKind, limit: Int)
    case wrongContent(kind: AssetKind)

    var description: String {
        switch self {
        case .noFile: "No file was sent: upload it as a multipart request (GraphQL multipart request spec)"
        case .emptyFile: "The file is empty"
        case .tooLarge(let kind, let limit): "The file is larger than the \(UploadRefusal.megabytes(limit)) limit for \(kind.rawValue) files"
        case .wrongContent(let kind):
            "The file content is not a valid \(kind.rawValue) (expected \(MediaFormat.expectedNames(for: kind)))"
        }
    }

    /// `5 MB`, or the exact byte count when not a whole number of mebibytes.
    static func megabytes(_ bytes: Int) -> String {
        bytes % 1_048_576 == 0 ? "\(bytes / 1_048_576) MB" : "\(bytes) bytes"
    }
}

/// Checks a spooled upload against its declared type: size limit and magic bytes.
enum UploadValidation {
    /// The detected format. - Throws: ``UploadRefusal``.
    static func check(size: Int, head: [UInt8], kind: AssetKind, limits: UploadLimits) throws(UploadRefusal) -> MediaFormat {
        guard size > 0 else { throw .emptyFile }
        let limit = limits.limit(for: kind)
        guard size <= limit else { throw .tooLarge(kind: kind, limit: limit) }
        guard let format = MediaFormat.detect(head), format.kind == kind else { throw .wrongContent(kind: kind) }
        return format
    }
}

/// The header of an MPEG audio Layer III frame (what MP3 files hold).
struct MP3Frame: Equatable, Sendable {
    /// 1 for MPEG-1, 2 for MPEG-2, 25 for MPEG-2.5.
    let version: Int
    let bitrateKbps: Int
    let sampleRate: Int
    let isMono: Bool

    /// Samples each frame carries.
    var samplesPerFrame: Int { version == 1 ? 1152 : 576 }

    /// Where a Xing/Info header would start, counted from the frame start.
    var sideInfoEnd: Int { 4 + (version == 1 ? (isMono ? 17 : 32) : (isMono ? 9 : 17)) }

    /// The frame header at `offset` of `bytes`, `nil` when these bytes are no valid Layer III header.
    init?(_ bytes: [UInt8], at offset: Int) {
        guard bytes.count >= offset + 4 else { return nil }
        let b1 = bytes[offset + 1], b2 = bytes[offset + 2], b3 = bytes[offset + 3]
        guard bytes[offset] == 0xFF, b1 & 0xE0 == 0xE0, (b1 >> 1) & 0x03 == 0x01 else { return nil }
        let versionBits = (b1 >> 3) & 0x03
        guard versionBits != 1 else { return nil }
        version = versionBits == 3 ? 1 : versionBits == 2 ? 2 : 25
        let bitrateIndex = Int(b2 >> 4), rateIndex = Int((b2 >> 2) & 0x03)
        guard bitrateIndex != 0, bitrateIndex != 15, rateIndex != 3 else { return nil }
        let mpeg1Bitrates = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
        let mpeg2Bitrates = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        bitrateKbps = (version == 1 ? mpeg1Bitrates : mpeg2Bitrates)[bitrateIndex]
        let rates = version == 1 ? [44100, 48000, 32000] : version == 2 ? [22050, 24000, 16000] : [11025, 12000, 8000]
        sampleRate = rates[rateIndex]
        isMono = (b3 >> 6) == 3
    }
}
