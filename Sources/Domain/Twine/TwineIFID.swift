import Foundation
import Protocols

/// Interactive Fiction IDentifiers (Treaty of Babel) as Twine writes them: uppercase v4 UUIDs.
public enum TwineIFID {
    /// A new random IFID, to keep with a scenario that has none.
    public static func make() -> String { UUID().uuidString.uppercased() }

    /// An IFID made from a scenario's id, the same every time: for scenarios stored before IFIDs were kept.
    /// The 12 id bytes fill the UUID, with the version (4) and variant bits set.
    public static func derived(from id: ObjectId) -> String {
        var bytes = id.bytes + [0x54, 0x57, 0x49, 0x4E]  // "TWIN" pads 12 bytes to 16
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let uuid = UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        return uuid.uuidString.uppercased()
    }

    /// The IFID in its canonical form (uppercased), or `nil` unless it is 8–63 letters, digits and hyphens.
    public static func normalized(_ text: String) -> String? {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        guard (8...63).contains(upper.count),
            upper.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" })
        else { return nil }
        return upper
    }
}
