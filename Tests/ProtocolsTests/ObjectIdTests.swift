import Foundation
import Protocols
import Testing

/// Ids are MongoDB ObjectIds, made the way MongoDB makes them.
@Suite("ObjectId")
struct ObjectIdTests {
    @Test("a new id is 24 lowercase hex characters whose first four bytes are the time in seconds")
    func layout() throws {
        let before = UInt32(Date().timeIntervalSince1970)
        let id = ObjectId()
        let after = UInt32(Date().timeIntervalSince1970)
        #expect(id.hexString.count == 24)
        #expect(id.hexString.allSatisfy { "0123456789abcdef".contains($0) })
        let seconds = id.bytes[0..<4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        #expect((before...after).contains(seconds))
        #expect(UInt32(id.timestamp.timeIntervalSince1970) == seconds)
    }

    @Test("ids of one process share the random middle and count up, so 10 000 ids made at once are distinct")
    func uniqueness() {
        let ids = (0..<10_000).map { _ in ObjectId(timestamp: 1_700_000_000) }
        #expect(Set(ids).count == 10_000)
        #expect(Set(ids.map { Array($0.bytes[4..<9]) }).count == 1, "the 5 process bytes")
        let counters = ids.map { Int($0.bytes[9]) << 16 | Int($0.bytes[10]) << 8 | Int($0.bytes[11]) }
        // Other tests of this process may take ids meanwhile: the counter only ever moves forward.
        #expect(zip(counters, counters.dropFirst()).allSatisfy { ($1 - $0 + (1 << 24)) % (1 << 24) >= 1 })
    }

    @Test("parsing takes exactly 24 hex characters, in either case, and round-trips", arguments: [
        ("507f1f77bcf86cd799439011", true), ("507F1F77BCF86CD799439011", true), ("507f1f77bcf86cd79943901", false),
        ("507f1f77bcf86cd7994390111", false), ("507f1f77bcf86cd79943901g", false), ("", false),
        ("UHJvZmlsZTo1MDdmMWY3N2JjZjg2Y2Q3OTk0MzkwMTE=", false),
    ])
    func parsing(text: String, valid: Bool) {
        let id = ObjectId(text)
        #expect((id != nil) == valid)
        if let id { #expect(id.hexString == text.lowercased()) }
        // From the bytes of a column (SQLite's text), the same.
        let fromUTF8 = Array(text.utf8).withUnsafeBufferPointer { ObjectId(hexUTF8: $0) }
        #expect(fromUTF8 == id)
    }

    @Test("ids order by time first, and encode as their hex string")
    func orderAndCoding() throws {
        let early = ObjectId(timestamp: 1_000), late = ObjectId(timestamp: 2_000)
        #expect(early < late)
        let data = try JSONEncoder().encode([late])
        #expect(String(decoding: data, as: UTF8.self) == "[\"\(late.hexString)\"]")
        #expect(try JSONDecoder().decode([ObjectId].self, from: data) == [late])
        #expect(ObjectId(bytes: [1, 2, 3]) == nil)
    }

    @Test("bytes, hex text, order and equality agree for any 12 bytes")
    func representation() {
        var generator = SystemRandomNumberGenerator()
        var previous: (ObjectId, [UInt8])?
        for _ in 0..<2_000 {
            let bytes = (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let id = ObjectId(bytes: bytes)!
            let hex = bytes.map { String(format: "%02x", $0) }.joined()
            #expect(id.bytes == bytes)
            #expect(id.hexString == hex)
            #expect(ObjectId(hex.uppercased()) == id)
            if let (other, otherBytes) = previous {
                #expect((id < other) == bytes.lexicographicallyPrecedes(otherBytes))
                #expect((id == other) == (bytes == otherBytes))
            }
            previous = (id, bytes)
        }
        #expect(ObjectId("0123456789abcdef0123456") == nil)
        #expect(ObjectId("0123456789abcdef012345678") == nil)
        #expect(ObjectId("0123456789abcdef0123456g") == nil)
    }
}
