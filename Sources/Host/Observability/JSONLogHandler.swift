import Foundation
import Logging
import Synchronization

/// Writes each log event as one line of JSON to standard error: `time`, `level`, `label`,
/// `message`, `source`, and the metadata's keys (Hummingbird's `hb.request.id` among them), so a
/// log collector can index them without parsing text. `LOG_FORMAT=json`.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    private static let output = Mutex(())

    init(label: String, metadataProvider: Logger.MetadataProvider? = nil) {
        self.label = label
        self.metadataProvider = metadataProvider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var line = Self.line(
            level: event.level, message: event.message.description, label: label, source: event.source,
            metadata: metadata.merging(metadataProvider?.get() ?? [:]) { a, _ in a }.merging(event.metadata ?? [:]) { _, b in b })
        line.append(10)
        Self.output.withLock { _ in FileHandle.standardError.write(Data(line)) }
    }

    /// The JSON text of one event (without the newline).
    static func line(level: Logger.Level, message: String, label: String, source: String, metadata: Logger.Metadata) -> [UInt8] {
        var object: [String: Any] = [
            "time": ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withInternetDateTime, .withFractionalSeconds]),
            "level": level.rawValue, "label": label, "message": message, "source": source,
        ]
        for (key, value) in metadata where object[key] == nil { object[key] = plain(value) }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data)
    }

    private static func plain(_ value: Logger.MetadataValue) -> Any {
        switch value {
        case .string(let s): s
        case .stringConvertible(let c): c.description
        case .array(let items): items.map(plain)
        case .dictionary(let members): members.mapValues(plain)
        }
    }
}
