import Protocols

/// How ``MongoStore/updateProgress(_:)`` writes `history` so that it never erases a step that
/// ``MongoStore/appendStep(_:toProgress:at:ifCurrentScene:)`` (`$push`) has just added.
///
/// The history given is compared with the stored one:
/// - the same: `history` is left out of the update entirely, so a concurrent `$push` always lands;
/// - a strict prefix of it (going back): the stored array is cut to that length in place
///   (`$push: {$each: [], $slice: n}`), on the condition that it still has the length read;
/// - an extension of it: the new entries are `$push`ed, on the same condition;
/// - anything else: the array is replaced (`$set`), on the same condition.
/// When the condition fails (a step landed in between), the store reads again and plans again.
struct HistoryUpdate: Equatable {
    /// Extra conditions on the stored document (its history's length, as read).
    var condition: BSONFields = [:]
    /// The update operators for `history` (`$push` or `$set`), empty when it is left alone.
    var operators: [String: BSONValue] = [:]

    /// Plans the write of `new` over `stored`, the raw `history` value read (nil when absent).
    static func plan(new: [HistoryEntry], stored: BSONValue?) -> HistoryUpdate {
        let newDocuments = new.map { BSONValue.document($0.document) }
        guard case .array(let items)? = stored else {
            // Absent, null or not an array: it reads as empty; anything else replaces it, unless it changed.
            if new.isEmpty { return HistoryUpdate() }
            let condition: BSONFields = stored.map { ["history": $0] } ?? ["history": .document(["$exists": .bool(false)])]
            return HistoryUpdate(condition: condition, operators: ["$set": .array(newDocuments)])
        }
        let entries = items.map { item -> HistoryEntry? in
            guard case .document(let d) = item else { return nil }
            return HistoryEntry(document: d)
        }
        let readable = entries.compactMap { $0 }
        let sameLength: BSONFields = ["history": .document(["$size": .int(items.count)])]
        guard readable.count == items.count else {
            // Items that do not read as steps: the history as read skips them; keep them unless it changed.
            if readable == new { return HistoryUpdate() }
            return HistoryUpdate(condition: sameLength, operators: ["$set": .array(newDocuments)])
        }
        if readable == new { return HistoryUpdate() }
        if new.count < readable.count, Array(readable.prefix(new.count)) == new {
            return HistoryUpdate(
                condition: sameLength,
                operators: ["$push": .document(["$each": .array([]), "$slice": .int(new.count)])])
        }
        if new.count > readable.count, Array(new.prefix(readable.count)) == readable {
            return HistoryUpdate(
                condition: sameLength, operators: ["$push": .document(["$each": .array(Array(newDocuments[readable.count...]))])])
        }
        return HistoryUpdate(condition: sameLength, operators: ["$set": .array(newDocuments)])
    }

    /// `fields` (the record's other fields) with the history write merged in.
    func update(with fields: StoredFields) -> BSONFields {
        var update = fields.update
        for (op, value) in operators.sorted(by: { $0.key < $1.key }) {
            var body = update.document(op) ?? [:]
            body["history"] = value
            update[op] = .document(body)
        }
        return update
    }
}
