import Foundation
import HTTPTypes
import Hummingbird
import Protocols

/// `GET|HEAD <MEDIA_URL>assets/<file>`: the files of a storage that declares
/// ``FileStorage/localFileServing`` (`STORAGE_TYPE=local`), streamed from disk in chunks with their Content-Type, a strong ETag,
/// Last-Modified and Cache-Control. Conditional requests (`If-None-Match`, `If-Modified-Since`)
/// answer 304; one byte range (`bytes=a-b`, `bytes=a-`, `bytes=-n`, honouring `If-Range`) answers 206
/// with Content-Range, an unsatisfiable one 416. Files are named `<uuid>.<ext>` and never rewritten,
/// so clients may cache them for long.
struct MediaRoute: Sendable {
    let serving: LocalFileServing
    var fileIO = FileIO()

    static let cacheControl = "public, max-age=86400"

    func register(on router: Router<AppRequestContext>) {
        let path = RouterPath(LocalStoragePaths.routePath(mediaURL: serving.mediaURL))
        router.get(path) { request, context in try await self.serve(request, context, includeBody: true) }
        router.head(path) { request, context in try await self.serve(request, context, includeBody: false) }
    }

    func serve(_ request: Request, _ context: AppRequestContext, includeBody: Bool) async throws -> Response {
        guard let key = serving.key(request.uri.path), let url = serving.fileURL(key),
            let attributes = try? FileManager.default.attributesOfItem(atPath: url.path),
            let size = (attributes[.size] as? NSNumber)?.intValue
        else {
            throw HTTPError(.notFound, message: "No such media file")
        }
        let modified = (attributes[.modificationDate] as? Date) ?? Date(timeIntervalSince1970: 0)
        let eTag = Self.eTag(size: size, modified: modified, inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0)
        var headers = HTTPFields()
        headers[.contentType] = Self.contentType(forFile: url.lastPathComponent)
        headers[.eTag] = eTag
        headers[.lastModified] = HTTPDate.format(modified)
        headers[.cacheControl] = Self.cacheControl
        headers[.acceptRanges] = "bytes"
        headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"

        if Self.notModified(request.headers, eTag: eTag, modified: modified) {
            return Response(status: .notModified, headers: headers)
        }
        var range: ClosedRange<Int>?
        if let header = request.headers[.range], Self.ifRangeHolds(request.headers[.ifRange], eTag: eTag, modified: modified) {
            switch ByteRange.parse(header, size: size) {
            case .none: break
            case .unsatisfiable:
                headers[.contentRange] = "bytes */\(size)"
                return Response(status: .rangeNotSatisfiable, headers: headers)
            case .satisfiable(let bounds): range = bounds
            }
        }
        let status: HTTPResponse.Status = range == nil ? .ok : .partialContent
        if let range { headers[.contentRange] = "bytes \(range.lowerBound)-\(range.upperBound)/\(size)" }
        headers[.contentLength] = String(range?.count ?? size)
        guard includeBody, size > 0 else { return Response(status: status, headers: headers) }
        let body = try await fileIO.loadFile(path: url.path, range: range ?? 0...(size - 1), context: context)
        return Response(status: status, headers: headers, body: body)
    }

    /// A strong validator: the file's size, modification time (ns) and inode.
    static func eTag(size: Int, modified: Date, inode: UInt64) -> String {
        let nanos = UInt64(max(0, modified.timeIntervalSince1970 * 1_000_000_000))
        return "\"\(String(size, radix: 16))-\(String(nanos, radix: 16))-\(String(inode, radix: 16))\""
    }

    /// `If-None-Match` (weak comparison, `*`, lists) wins over `If-Modified-Since`.
    static func notModified(_ headers: HTTPFields, eTag: String, modified: Date) -> Bool {
        let matches = headers[values: .ifNoneMatch]
        if !matches.isEmpty {
            let tags = matches.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
            return tags.contains { $0 == "*" || weak($0) == weak(eTag) }
        }
        if let since = headers[.ifModifiedSince].flatMap(HTTPDate.parse) {
            return modified.timeIntervalSince1970.rounded(.down) <= since.timeIntervalSince1970
        }
        return false
    }

    /// Whether a range may be served: no `If-Range`, or one naming the current ETag or date.
    static func ifRangeHolds(_ ifRange: String?, eTag: String, modified: Date) -> Bool {
        guard let ifRange = ifRange?.trimmingCharacters(in: .whitespaces) else { return true }
        if ifRange.hasPrefix("\"") || ifRange.hasPrefix("W/") { return ifRange == eTag }
        return HTTPDate.parse(ifRange).map { modified.timeIntervalSince1970.rounded(.down) <= $0.timeIntervalSince1970 } ?? false
    }

    private static func weak(_ tag: String) -> String { tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }

    static func contentType(forFile name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        if let format = MediaFormat.allCases.first(where: { $0.fileExtension == ext }) { return format.mimeType }
        let others = ["jpeg": "image/jpeg", "flac": "audio/flac", "m4a": "audio/mp4", "svg": "image/svg+xml"]
        return others[ext] ?? "application/octet-stream"
    }
}

/// One `Range: bytes=…` request against a file of `size` bytes (RFC 9110 §14.1.2).
enum ByteRange: Equatable {
    /// No usable range (absent, malformed, several ranges, or another unit): serve the whole file.
    case none
    case unsatisfiable
    case satisfiable(ClosedRange<Int>)

    static func parse(_ header: String, size: Int) -> ByteRange {
        let text = header.trimmingCharacters(in: .whitespaces)
        guard text.lowercased().hasPrefix("bytes=") else { return .none }
        let spec = text.dropFirst(6).trimmingCharacters(in: .whitespaces)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return .none }
        let first = spec[..<dash].trimmingCharacters(in: .whitespaces)
        let last = spec[spec.index(after: dash)...].trimmingCharacters(in: .whitespaces)
        let digits = { (s: String) in !s.isEmpty && s.allSatisfy(\.isASCII) && s.allSatisfy(\.isNumber) }
        if first.isEmpty {
            // Suffix range: the last n bytes.
            guard digits(last), let n = Int(last) else { return .none }
            guard n > 0, size > 0 else { return .unsatisfiable }
            return .satisfiable(max(0, size - n)...(size - 1))
        }
        guard digits(first), let start = Int(first) else { return .none }
        var end = size - 1
        if !last.isEmpty {
            guard digits(last), let value = Int(last), value >= start else { return .none }
            end = min(value, size - 1)
        }
        guard start < size else { return .unsatisfiable }
        return .satisfiable(start...end)
    }
}

/// HTTP dates (`Sun, 06 Nov 1994 08:49:37 GMT`).
enum HTTPDate {
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }

    static func format(_ date: Date) -> String { formatter().string(from: date) }
    static func parse(_ text: String) -> Date? { formatter().date(from: text) }
}

/// Where ``MediaRoute`` listens: the path part of `MEDIA_URL` followed by `assets/:file`.
enum LocalStoragePaths {
    static func routePath(mediaURL: String) -> String {
        var path = mediaURL
        if let url = URL(string: mediaURL), url.scheme != nil { path = url.path }
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path + "assets/:file"
    }
}
