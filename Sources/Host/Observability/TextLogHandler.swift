import Logging

/// swift-log's `StreamLogHandler` on standard error (`LOG_FORMAT=text`, the default), with its
/// metadata kept aside until an event is logged.
///
/// `StreamLogHandler` formats its metadata as text whenever it changes, and Hummingbird gives every
/// request's logger its `hb.request.id`: ~4 µs a request (a profile of the editor's query, 12-04),
/// for a line that is rarely written. Here the text is made when a line is.
struct TextLogHandler: LogHandler {
    private var base: StreamLogHandler
    var metadata: Logger.Metadata = [:]

    init(label: String) {
        base = StreamLogHandler.standardError(label: label)
    }

    var logLevel: Logger.Level {
        get { base.logLevel }
        set { base.logLevel = newValue }
    }

    var metadataProvider: Logger.MetadataProvider? {
        get { base.metadataProvider }
        set { base.metadataProvider = newValue }
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var handler = base
        if !metadata.isEmpty { handler.metadata = metadata }
        handler.log(event: event)
    }
}
