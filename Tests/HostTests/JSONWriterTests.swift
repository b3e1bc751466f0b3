import Foundation
import GraphQL
import Protocols
import Testing

@testable import Host

@Suite("JSON written straight to bytes")
struct JSONWriterTests {
    static func written(_ write: (inout JSONWriter) -> Void) -> String {
        var writer = JSONWriter()
        write(&writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static func encoded<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
    }

    @Test("strings are escaped as JSONEncoder escapes them, control characters, quotes, slashes and all")
    func strings() throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [Character] = (0..<0x20).map { Character(Unicode.Scalar($0)!) }
            + ["\"", "\\", "/", "a", " ", "\u{7f}", "é", "\u{2028}", "😀", "\u{0}", "z"]
        for length in 0..<200 {
            let text = String((0..<length % 40).map { _ in alphabet.randomElement(using: &generator)! })
            #expect(Self.written { $0.string(text) } == (try Self.encoded(text)), "\(Array(text.unicodeScalars))")
        }
    }

    @Test("numbers are the text JSONEncoder writes for a Double", arguments: [
        0.0, -0.0, 3.0, 1.5, 0.1, 1e20, 1e-7, 123456789012345678.0, 2147483647.0, -2147483648.0, 1e300, 5e-324, 12.34,
    ])
    func numbers(_ value: Double) throws {
        #expect(Self.written { $0.double(value) } == (try Self.encoded(value)))
    }

    @Test("JSON values are written as their jsonString, keys sorted, slashes as they are")
    func jsonText() {
        var generator = SystemRandomNumberGenerator()
        let keys = ["a", "B", "b", "a10", "a9", "é", "Z", "_", "/x", "ab", "a b", "\u{1}"]
        func value(_ depth: Int) -> JSONValue {
            switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &generator) {
            case 0: return .null
            case 1: return .bool(Bool.random(using: &generator))
            case 2: return .int(Int.random(in: -1_000_000...1_000_000, using: &generator))
            case 3: return .double(Double.random(in: -1e6...1e6, using: &generator))
            case 4: return .string(keys.randomElement(using: &generator)! + "/\"")
            case 5: return .array((0..<Int.random(in: 0...3, using: &generator)).map { _ in value(depth + 1) })
            default:
                var members: [String: JSONValue] = [:]
                for _ in 0..<Int.random(in: 0...5, using: &generator) { members[keys.randomElement(using: &generator)!] = value(depth + 1) }
                return .object(members)
            }
        }
        for _ in 0..<500 {
            let json = value(0)
            #expect(JSONWriter.jsonText(json) == json.jsonString)
        }
    }

    @Test("Relay ids are the base64 Foundation writes")
    func relayIds() {
        var generator = SystemRandomNumberGenerator()
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            #expect(NodeID.base64(bytes) == Data(bytes).base64EncodedString())
        }
    }

    @Test("ids and dates written from their parts are the bytes of their strings, slashes escaped or not as the writer says")
    func fromParts() {
        var generator = SystemRandomNumberGenerator()
        var slashes = 0
        for index in 0..<2_000 {
            let id = ObjectId(bytes: (0..<12).map { _ in UInt8.random(in: 0...255, using: &generator) })!
            // Our type names never make a `/` in base64 (ASCII has no byte that gives 63 there);
            // "???" does, for the escaping.
            let type = ["SceneType", "ChoiceType", "UserType", "ScenarioType", "AssetType", "???"][index % 6]
            let relay = NodeID.encode(type, id).value
            #expect(relay == Data("\(type):\(id.hexString)".utf8).base64EncodedString())
            if relay.contains("/") { slashes += 1 }
            for escaping in [true, false] {
                func written(_ write: (inout JSONWriter) -> Void) -> [UInt8] {
                    var writer = JSONWriter()
                    writer.escapesSlashes = escaping
                    write(&writer)
                    return writer.bytes
                }
                #expect(written { $0.nodeID(NodeID.Prefix(type), id) } == written { $0.string(relay) })
                #expect(written { $0.objectIdHex(id) } == written { $0.string(id.hexString) })
                let date = Date(timeIntervalSince1970: Double(Int.random(in: -70_000_000_000_000...250_000_000_000_000, using: &generator)) / 1000)
                #expect(written { $0.dateTime(date) } == written { $0.string(DateTime.format(date)) }, "\(date.timeIntervalSince1970)")
            }
        }
        #expect(slashes > 0, "some ids have a slash to escape")
    }

    @Test("a map keeps its members' order and leaves undefined ones out")
    func orderedMap() {
        let map: Map = ["zeta": 1, "alpha": ["b": true, "a": .null], "mid": [1.5, "x/y"], "gone": .undefined]
        #expect(Self.written { $0.map(map) } == #"{"zeta":1,"alpha":{"b":true,"a":null},"mid":[1.5,"x\/y"]}"#)
    }

    @Test("a response is data, then errors: message, locations, path")
    func response() {
        let error = GraphQLError(message: "Scene not found", locations: [SourceLocation(line: 1, column: 3)], path: ["a", 0, "b"])
        let response = EncodedResponse(GraphQLResult(data: ["a": .null], errors: [error]))
        #expect(String(decoding: response.bytes, as: UTF8.self)
            == #"{"data":{"a":null},"errors":[{"message":"Scene not found","locations":[{"line":1,"column":3}],"path":["a",0,"b"]}]}"#)
        #expect(String(decoding: EncodedResponse(errors: [GraphQLError(message: "no")]).bytes, as: UTF8.self)
            == #"{"errors":[{"message":"no","path":[]}]}"#)
    }

    @Test("dates are written as Foundation's ISO 8601 style writes them, milliseconds truncated")
    func dates() {
        var generator = SystemRandomNumberGenerator()
        for index in 0..<20_000 {
            let seconds = index % 2 == 0
                ? Double(Int.random(in: -2_000_000_000_000...4_000_000_000_000, using: &generator)) / 1000
                : Double.random(in: -1e10...2e10, using: &generator)
            let date = Date(timeIntervalSince1970: seconds)
            #expect(DateTime.format(date) == DateTime.referenceFormat(date), "\(seconds)")
        }
        #expect(DateTime.format(Date(timeIntervalSince1970: 1_714_564_800.5)) == "2024-05-01T12:00:00.500Z")
    }
}
