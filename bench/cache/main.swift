// Cache-hit benchmark: the two ways a least-recently-used cache can record a hit, with the 1,024
// entries the token cache holds (150-character keys, like tokens) and hits spread over all of them.
// Run: swift run -c release CacheBench [hits]
// TextKeyedCache (Sources/Host/GraphQL/DocumentCache.swift) used the first until 2026-12-03 and the
// second since.
import OrderedCollections

let hits = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 200_000 : 200_000
let keys = (0..<1024).map { "token-\($0)-" + String(repeating: "x", count: 150) }
var generator = SystemRandomNumberGenerator()
let picks = (0..<hits).map { _ in keys[Int.random(in: 0..<keys.count, using: &generator)] }

func perHit(_ body: () -> Int) -> (Duration, Int) {
    let start = ContinuousClock.now
    let sum = body()
    return ((ContinuousClock.now - start) / hits, sum)
}

var ordered = OrderedDictionary<String, Int>()
var stamped: [String: (value: Int, lastUse: UInt64)] = [:]
for (i, key) in keys.enumerated() {
    ordered[key] = i
    stamped[key] = (i, UInt64(i))
}
let (moving, a) = perHit {
    var sum = 0
    for key in picks {
        guard let index = ordered.index(forKey: key) else { continue }
        let value = ordered.values[index]
        if index != ordered.count - 1 {
            ordered.remove(at: index)
            ordered[key] = value
        }
        sum &+= value
    }
    return sum
}
let (stamping, b) = perHit {
    var sum = 0
    var uses: UInt64 = 0
    for key in picks {
        uses += 1
        guard let index = stamped.index(forKey: key) else { continue }
        stamped.values[index].lastUse = uses
        sum &+= stamped.values[index].value
    }
    return sum
}
precondition(a == b)
print("\(hits) hits over \(keys.count) entries.\n")
func microseconds(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    return String(Double(seconds) * 1e6 + Double(attoseconds) / 1e12)
}
print("| a hit | µs a hit |")
print("|---|---|")
print("| moved to the end of an `OrderedDictionary` | \(microseconds(moving)) |")
print("| stamped with a use counter in a `Dictionary` | \(microseconds(stamping)) |")
