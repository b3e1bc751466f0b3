import Foundation

/// Passage names derived from scene titles: safe in link markup and Twee headers, unique, deterministic.
enum PassageNames {
    /// Names Twee gives a meaning of its own, which no scene may take.
    static let reserved: Set<String> = ["StoryTitle", "StoryData"]

    /// A passage name for each title, in order.
    ///
    /// A title becomes a name by trimming it, turning line breaks (of any kind) and tabs into spaces, `[`/`]` into
    /// `(`/`)`, `|` into `/`, `->`/`<-` into `→`/`←`, and an empty result into `Untitled`. A name already
    /// taken by an earlier scene (or reserved) gets the first free suffix ` (2)`, ` (3)`, …
    ///
    /// `alsoReserved` adds names to avoid (``StoryPlanner`` reserves `Start` for a story without a start
    /// scene, since Twee 3 would make a passage of that name the start).
    static func unique(for titles: [String], alsoReserved: Set<String> = []) -> [String] {
        var taken = reserved.union(alsoReserved)
        var names: [String] = []
        names.reserveCapacity(titles.count)
        for title in titles {
            let base = safeName(title)
            var name = base
            var suffix = 2
            while taken.contains(name) {
                name = "\(base) (\(suffix))"
                suffix += 1
            }
            taken.insert(name)
            names.append(name)
        }
        return names
    }

    /// A title made safe as a passage name (before disambiguation).
    static func safeName(_ title: String) -> String {
        let special: Set<UInt8> = [UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "|"), UInt8(ascii: ">"),
            UInt8(ascii: "<"), UInt8(ascii: ":")]
        if let first = title.utf8.first, let last = title.utf8.last, first != 0x20, last != 0x20,
            !title.utf8.contains(where: { $0 < 0x20 || $0 >= 0x80 || special.contains($0) })
        {
            return title
        }
        var name = ""
        for character in title {
            switch character {
            case _ where character.isNewline, "\t": name.append(" ")
            case "[": name.append("(")
            case "]": name.append(")")
            case "|": name.append("/")
            default: name.append(character)
            }
        }
        name = name.replacingOccurrences(of: "->", with: "→").replacingOccurrences(of: "<-", with: "←")
        name = String(name.trimmingTwineSpaces())
        if TwineLink.isURL(name) { name = name.replacingOccurrences(of: "://", with: ":/ /") }
        return name.isEmpty ? "Untitled" : name
    }
}
