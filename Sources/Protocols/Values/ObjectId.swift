import Foundation

/// A MongoDB ObjectId: 12 bytes, written as 24 lowercase hexadecimal characters.
///
/// Every store uses it for ids, so that ids stay the same whichever store holds the data.
/// New ids are made the way MongoDB makes them: a 4-byte big-endian timestamp in seconds,
/// a 5-byte value random per process, and a 3-byte counter that starts at a random value.
public struct ObjectId: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Bytes 0 to 7, big-endian, and 8 to 11: held inline, so that an id costs no allocation and
    /// hashes and compares as two words (a story's values hold several each).
    private let high: UInt64
    private let low: UInt32

    /// The 12 bytes of the id.
    public var bytes: [UInt8] {
        (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * UInt64($0))) }
            + (0..<4).map { UInt8(truncatingIfNeeded: low >> (24 - 8 * UInt32($0))) }
    }

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
        self.init(packing: b)
    }

    /// Reads an id from its 12 bytes; `nil` unless there are exactly 12.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        self.init(packing: bytes)
    }

    private init(packing b: some Collection<UInt8>) {
        var high: UInt64 = 0
        var low: UInt32 = 0
        for (index, byte) in b.enumerated() {
            if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt32(byte) }
        }
        self.high = high
        self.low = low
    }

    /// Reads an id from 24 hexadecimal characters (either case); `nil` for anything else.
    public init?(_ hex: String) {
        var hex = hex
        guard let id = hex.withUTF8({ ObjectId(hexUTF8: $0) }) else { return nil }
        self = id
    }

    /// Reads an id from the UTF-8 of 24 hexadecimal characters (either case); `nil` for anything else.
    public init?(hexUTF8 utf8: UnsafeBufferPointer<UInt8>) {
        guard utf8.count == 24 else { return nil }
        var high: UInt64 = 0
        var low: UInt32 = 0
        for index in 0..<16 {
            guard let nibble = Self.nibble(utf8[index]) else { return nil }
            high = high << 4 | UInt64(nibble)
        }
        for index in 16..<24 {
            guard let nibble = Self.nibble(utf8[index]) else { return nil }
            low = low << 4 | UInt32(nibble)
        }
        self.high = high
        self.low = low
    }

    /// The 24 lowercase hexadecimal characters.
    public var hexString: String {
        String(unsafeUninitializedCapacity: 24) { buffer in
            writeHex(to: buffer)
            return 24
        }
    }

    /// Writes the 24 lowercase hexadecimal characters to the start of `buffer` (24 bytes at least).
    public func writeHex(to buffer: UnsafeMutableBufferPointer<UInt8>) {
        precondition(buffer.count >= 24, "an ObjectId's hex needs 24 bytes")
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { digits in
            for i in 0..<16 { buffer[i] = digits[Int(high >> (60 - 4 * UInt64(i)) & 0xF)] }
            for i in 0..<8 { buffer[16 + i] = digits[Int(low >> (28 - 4 * UInt32(i)) & 0xF)] }
        }
    }

    /// When the id was made, to the second.
    public var timestamp: Date {
        Date(timeIntervalSince1970: TimeInterval(UInt32(truncatingIfNeeded: high >> 32)))
    }

    public var description: String { hexString }

    /// Byte order (the words are big-endian).
    public static func < (lhs: ObjectId, rhs: ObjectId) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
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
