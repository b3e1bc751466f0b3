import Foundation

/// A MongoDB ObjectId: 12 bytes, written as 24 lowercase hexadecimal characters.
///
/// Every store uses it for ids, so that ids stay the same whichever store holds the data.
/// New ids are made the way MongoDB makes them: a 4-byte big-endian timestamp in seconds,
/// a 5-byte value random per process, and a 3-byte counter that starts at a random value.
public struct ObjectId: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The 12 bytes of the id.
    public let bytes: [UInt8]

    /// Makes a new, unique id.
    public init() {
        self.init(timestamp: UInt32(truncatingIfNeeded: Int(Date().timeIntervalSince1970)))
    }

    /// Makes a new id with the given timestamp (seconds since 1970).
    public init(timestamp: UInt32) {
        let counter = ObjectIdGenerator.shared.next()
        var b = [UInt8](repeating: 0, count: 12)
        b[0] = UInt8(truncatingIfNeeded: timestamp >> 24)
        b[1] = UInt8(truncatingIfNeeded: timestamp >> 16)
        b[2] = UInt8(truncatingIfNeeded: timestamp >> 8)
        b[3] = UInt8(truncatingIfNeeded: timestamp)
        for i in 0..<5 { b[4 + i] = ObjectIdGenerator.shared.processUnique[i] }
        b[9] = UInt8(truncatingIfNeeded: counter >> 16)
        b[10] = UInt8(truncatingIfNeeded: counter >> 8)
        b[11] = UInt8(truncatingIfNeeded: counter)
        self.bytes = b
    }

    /// Reads an id from its 12 bytes; `nil` unless there are exactly 12.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        self.bytes = bytes
    }

    /// Reads an id from 24 hexadecimal characters (either case); `nil` for anything else.
    public init?(_ hex: String) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 24 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(12)
        var i = 0
        while i < 24 {
            guard let hi = Self.nibble(utf8[i]), let lo = Self.nibble(utf8[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
            i += 2
        }
        self.bytes = out
    }

    /// The 24 lowercase hexadecimal characters.
    public var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(24)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// When the id was made, to the second.
    public var timestamp: Date {
        let seconds = UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    public var description: String { hexString }

    public static func < (lhs: ObjectId, rhs: ObjectId) -> Bool {
        lhs.bytes.lexicographicallyPrecedes(rhs.bytes)
    }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension ObjectId: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let id = ObjectId(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a 24-character hexadecimal ObjectId")
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hexString)
    }
}

/// The per-process state behind ``ObjectId/init()``.
final class ObjectIdGenerator: @unchecked Sendable {
    static let shared = ObjectIdGenerator()

    let processUnique: [UInt8]
    private let lock = NSLock()
    private var counter: UInt32

    private init() {
        var rng = SystemRandomNumberGenerator()
        processUnique = (0..<5).map { _ in UInt8.random(in: 0...255, using: &rng) }
        counter = UInt32.random(in: 0...0xFF_FFFF, using: &rng)
    }

    func next() -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        counter = (counter &+ 1) & 0xFF_FFFF
        return counter
    }
}
