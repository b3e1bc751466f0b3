import GraphQL

/// A GraphQL response as the bytes sent: `{"data":…,"errors":[…]}`, `data` in the selection's
/// order (GraphQL's "ordered map"), written once, straight from the executor's `Map` or from a
/// compiled plan (see ``QueryPlanRun``).
struct EncodedResponse: Sendable {
    let bytes: [UInt8]

    /// The general executor's result.
    init(_ result: GraphQLResult) {
        var writer = JSONWriter()
        writer.raw(UInt8(ascii: "{"))
        if let data = result.data {
            writer.raw(Self.dataMember)
            writer.map(data)
        }
        Self.append(result.errors, to: &writer, first: result.data == nil)
        writer.raw(UInt8(ascii: "}"))
        bytes = writer.bytes
    }

    /// A compiled plan's response, `{"data":` and its data written by ``QueryPlanRun``, ended in
    /// the same buffer (a large answer is not copied again).
    init(compiled writer: consuming JSONWriter, errors: [GraphQLError]) {
        Self.append(errors, to: &writer, first: false)
        writer.raw(UInt8(ascii: "}"))
        bytes = writer.bytes
    }

    /// Only errors (a request refused before it ran).
    init(errors: [GraphQLError]) {
        self.init(GraphQLResult(errors: errors))
    }

    private static func append(_ errors: [GraphQLError], to writer: inout JSONWriter, first: Bool) {
        guard !errors.isEmpty else { return }
        if !first { writer.raw(UInt8(ascii: ",")) }
        writer.raw(errorsKey)
        writer.raw(UInt8(ascii: "["))
        for (index, error) in errors.enumerated() {
            if index > 0 { writer.raw(UInt8(ascii: ",")) }
            writer.error(error)
        }
        writer.raw(UInt8(ascii: "]"))
    }

    private static let dataMember = JSONWriter.memberKey("data")
    /// `{"data":`, how every compiled response starts.
    static let dataKey: [UInt8] = [UInt8(ascii: "{")] + dataMember
    private static let errorsKey = JSONWriter.memberKey("errors")
}

extension JSONWriter {
    /// An error as GraphQL answers it: `message`, `locations` when known, `path`, `extensions`
    /// when any (keys sorted).
    mutating func error(_ error: GraphQLError) {
        raw(UInt8(ascii: "{"))
        raw(Self.messageKey)
        string(error.message)
        if !error.locations.isEmpty {
            raw(UInt8(ascii: ","))
            raw(Self.locationsKey)
            raw(UInt8(ascii: "["))
            for (index, location) in error.locations.enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                raw(Self.lineKey)
                int(location.line)
                raw(UInt8(ascii: ","))
                raw(Self.columnKey)
                int(location.column)
                raw(UInt8(ascii: "}"))
            }
            raw(UInt8(ascii: "]"))
        }
        raw(UInt8(ascii: ","))
        raw(Self.pathKey)
        raw(UInt8(ascii: "["))
        for (index, element) in error.path.elements.enumerated() {
            if index > 0 { raw(UInt8(ascii: ",")) }
            switch element {
            case .index(let i): int(i)
            case .key(let k): string(k)
            }
        }
        raw(UInt8(ascii: "]"))
        if !error.extensions.isEmpty {
            raw(UInt8(ascii: ","))
            raw(Self.extensionsKey)
            raw(UInt8(ascii: "{"))
            for (index, key) in error.extensions.keys.sorted().enumerated() {
                if index > 0 { raw(UInt8(ascii: ",")) }
                string(key)
                raw(UInt8(ascii: ":"))
                map(error.extensions[key]!)
            }
            raw(UInt8(ascii: "}"))
        }
        raw(UInt8(ascii: "}"))
    }

    private static let messageKey = JSONWriter.memberKey("message")
    private static let locationsKey = JSONWriter.memberKey("locations")
    private static let pathKey = JSONWriter.memberKey("path")
    private static let extensionsKey = JSONWriter.memberKey("extensions")
    private static let lineKey = Array(#"{"line":"#.utf8)
    private static let columnKey = JSONWriter.memberKey("column")
}
