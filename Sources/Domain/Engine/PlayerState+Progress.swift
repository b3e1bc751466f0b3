import Foundation
import Protocols

extension PlayerState {
    /// The state of a stored progress: its variables over the scenario's declared initial values (a
    /// variable declared after the player started reads its initial value; effects never remove one),
    /// the visits and choices its history counts, and its steps (the history's length less the start).
    public init(progress: PlayerProgress, declared: [String: JSONValue]) {
        var vars = declared
        for (name, value) in progress.vars.objectValue ?? [:] { vars[name] = value }
        var visited: [ObjectId: Int] = [:]
        var chosen: [ObjectId: Int] = [:]
        for entry in progress.history {
            visited[entry.sceneId, default: 0] += 1
            if let choiceId = entry.choiceId { chosen[choiceId, default: 0] += 1 }
        }
        self.init(vars: vars, visited: visited, chosen: chosen, steps: max(0, progress.history.count - 1))
    }
}

extension PlayerProgress {
    /// The variables as they were after the last entry of `history` (the last snapshot an entry
    /// kept, at or before it); `{}` when none kept one, which reads as the declared values.
    public static func vars(after history: [HistoryEntry]) -> JSONValue {
        history.last { $0.vars != nil }?.vars ?? .emptyObject
    }
}
