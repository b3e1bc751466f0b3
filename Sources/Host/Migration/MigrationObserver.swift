import Foundation

/// What a migration tells about its progress, step by step (a step is e.g. "copying scenes").
protocol MigrationObserver: Sendable {
    func started(_ step: String, total: Int)
    func advanced(_ step: String, done: Int, total: Int)
    func finished(_ step: String, total: Int)
}

/// Reports nothing.
struct SilentObserver: MigrationObserver {
    func started(_ step: String, total: Int) {}
    func advanced(_ step: String, done: Int, total: Int) {}
    func finished(_ step: String, total: Int) {}
}

/// Progress on standard error: a bar redrawn in place on a terminal, plain lines otherwise (a log, a
/// pipe), a line at the start and end of each step and one per tenth of it.
struct ConsoleProgress: MigrationObserver {
    /// Whether standard error is a terminal.
    let isTerminal: Bool
    static let barWidth = 30

    init(isTerminal: Bool = isatty(STDERR_FILENO) == 1) {
        self.isTerminal = isTerminal
    }

    func started(_ step: String, total: Int) {
        if isTerminal { draw(step, done: 0, total: total) } else { write("\(step): 0/\(total)\n") }
    }

    func advanced(_ step: String, done: Int, total: Int) {
        if isTerminal {
            draw(step, done: done, total: total)
        } else if done < total, done % max(1, total / 10) == 0 {
            write("\(step): \(done)/\(total)\n")
        }
    }

    func finished(_ step: String, total: Int) {
        if isTerminal {
            draw(step, done: total, total: total)
            write("\n")
        } else {
            write("\(step): \(total)/\(total) done\n")
        }
    }

    /// `copying scenes  [###########-------------------]  42/100`, in place.
    static func bar(_ step: String, done: Int, total: Int) -> String {
        let filled = total == 0 ? barWidth : min(barWidth, done * barWidth / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: barWidth - filled)
        return "\(step)  [\(bar)]  \(done)/\(total)"
    }

    private func draw(_ step: String, done: Int, total: Int) {
        write("\r\u{1B}[2K" + Self.bar(step, done: done, total: total))
    }

    private func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
