import Foundation
import Protocols

/// One line of the worker protocol, as the plugin reads it.
///
/// The worker writes one JSON object a line: first `{"ready": true, …}` or `{"ready": false, "error": "…"}`,
/// then for each request `{"id", "progress"}` lines and a final `{"id", "ok": true, "wav_base64" | "path", …}`
/// or `{"id", "ok": false, "error"}`.
enum WorkerReply: Equatable, Sendable {
    case ready([String: JSONValue])
    case notReady(String)
    case progress(id: String, value: Double)
    /// The WAV bytes and what else the worker said.
    case finished(id: String, wav: [UInt8], details: [String: JSONValue])
    /// The worker could not generate; `transient` when it says trying again may work (out of memory…).
    case failed(id: String, message: String, transient: Bool)
    /// A line that breaks the protocol; `id` when it could be read.
    case malformed(id: String?, problem: String)

    init(line: String) {
        guard let object = (try? JSONValue(parsing: line))?.objectValue else {
            self = .malformed(id: nil, problem: "a line that is not a JSON object: \(Self.excerpt(line))")
            return
        }
        if let ready = object["ready"] {
            if ready == .bool(true) {
                self = .ready(object)
            } else {
                self = .notReady(object["error"]?.stringValue ?? "the music worker is not ready (it gave no reason)")
            }
            return
        }
        guard let id = object["id"]?.stringValue else {
            self = .malformed(id: nil, problem: "a message with no id: \(Self.excerpt(line))")
            return
        }
        if let ok = object["ok"] {
            if ok == .bool(false) {
                self = .failed(id: id, message: object["error"]?.stringValue ?? "the music worker failed without saying why",
                               transient: object["transient"] == .bool(true))
            } else if let base64 = object["wav_base64"]?.stringValue {
                guard let data = Data(base64Encoded: base64) else {
                    self = .malformed(id: id, problem: "wav_base64 is not base64")
                    return
                }
                self = .finished(id: id, wav: Array(data), details: object)
            } else if let path = object["path"]?.stringValue {
                guard let data = FileManager.default.contents(atPath: path) else {
                    self = .malformed(id: id, problem: "the WAV file \(path) cannot be read")
                    return
                }
                try? FileManager.default.removeItem(atPath: path)
                self = .finished(id: id, wav: Array(data), details: object)
            } else {
                self = .malformed(id: id, problem: "a success with neither wav_base64 nor path")
            }
            return
        }
        if let progress = object["progress"]?.doubleValue {
            self = .progress(id: id, value: progress)
            return
        }
        self = .malformed(id: id, problem: "a message that is neither progress nor a result: \(Self.excerpt(line))")
    }

    static func excerpt(_ text: String) -> String {
        text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
