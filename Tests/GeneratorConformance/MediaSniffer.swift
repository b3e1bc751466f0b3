/// The container formats a generator may return, recognised by their first bytes.
public enum SniffedMediaFormat: String, Sendable, CaseIterable {
    case png, jpeg, webp, mp3, wav, flac

    /// The format `bytes` start like, or `nil`.
    public init?(sniffing bytes: [UInt8]) {
        func starts(with prefix: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + prefix.count && Array(bytes[offset..<offset + prefix.count]) == prefix
        }
        if starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if starts(with: Array("RIFF".utf8)) && starts(with: Array("WEBP".utf8), at: 8) {
            self = .webp
        } else if starts(with: Array("RIFF".utf8)) && starts(with: Array("WAVE".utf8), at: 8) {
            self = .wav
        } else if starts(with: Array("fLaC".utf8)) {
            self = .flac
        } else if starts(with: Array("ID3".utf8)) || (bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] & 0xE0 == 0xE0) {
            self = .mp3
        } else {
            return nil
        }
    }

    /// MIME types that name this format.
    public var mimeTypes: Set<String> {
        switch self {
        case .png: ["image/png"]
        case .jpeg: ["image/jpeg"]
        case .webp: ["image/webp"]
        case .mp3: ["audio/mpeg", "audio/mp3"]
        case .wav: ["audio/wav", "audio/x-wav", "audio/wave", "audio/vnd.wave"]
        case .flac: ["audio/flac", "audio/x-flac"]
        }
    }

    /// File extensions (without the dot) that name this format.
    public var fileExtensions: Set<String> {
        switch self {
        case .png: ["png"]
        case .jpeg: ["jpg", "jpeg"]
        case .webp: ["webp"]
        case .mp3: ["mp3"]
        case .wav: ["wav"]
        case .flac: ["flac"]
        }
    }

    /// Whether this is a picture format.
    public var isImage: Bool { self == .png || self == .jpeg || self == .webp }
}
