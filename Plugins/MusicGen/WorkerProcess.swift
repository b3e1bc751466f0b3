import Foundation

/// What a worker process says: a line of its standard output, or its end.
enum WorkerEvent: Sendable {
    case line(String)
    /// The process has ended (or closed its output); the end of what it wrote on standard error.
    case exited(status: Int32, stderrTail: String)
}

/// One running worker: a child process, its lines in order, and a way to write to it.
final class WorkerProcess: @unchecked Sendable {
    /// Its output lines then one `.exited`, in order.
    let events: AsyncStream<WorkerEvent>
    private let process: Process
    private let input: FileHandle
    private let lock = NSLock()
    private var stderrTail = Data()

    /// The most descriptors this process may have open when it starts a worker.
    ///
    /// Foundation's `Process.run` on Linux (Swift 6.3) lists `/proc/self/fd` and copies 256 bytes
    /// of each entry's name, reading past the end of its 32 KiB directory buffer once the list
    /// nearly fills it, at about 1,350 descriptors: a busy server would crash in the spawn
    /// (swift-corelibs-foundation#5472, fixed after 6.3). Past this many the worker is not
    /// started, and the job waiting for it fails and is retried, rather than the server crashing.
    static let descriptorLimit = 1_000

    /// Starts `executable arguments…` with `environment`.
    /// - Parameter descriptorLimit: see ``descriptorLimit`` (tests set it low).
    /// - Throws: ``SpawnRefused`` past `descriptorLimit` open descriptors; any error when the
    ///   process cannot be started (executable not found…).
    init(executable: String, arguments: [String], environment: [String: String], descriptorLimit: Int = descriptorLimit) throws {
        if let open = Self.openDescriptors(), open > descriptorLimit {
            throw SpawnRefused(openDescriptors: open, limit: descriptorLimit)
        }
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        var continuation: AsyncStream<WorkerEvent>.Continuation!
        events = AsyncStream { continuation = $0 }
        self.process = process
        self.input = stdin.fileHandleForWriting
        let events = continuation!
        let ended = EndOnce()
        // The end is told when the process exits, not only at the end of its output: another child
        // started at the same moment may have inherited the pipe's write end and keep it open.
        process.terminationHandler = { [weak self] process in
            Thread.sleep(forTimeInterval: 0.1)  // let the readers catch the last words
            guard ended.claim() else { return }
            events.yield(.exited(status: process.terminationStatus, stderrTail: self?.stderrText ?? ""))
            events.finish()
        }
        try process.run()

        let errors = stderr.fileHandleForReading
        let errorReader = Thread { [weak self] in
            while true {
                let chunk = errors.availableData
                if chunk.isEmpty { break }
                self?.keepStderr(chunk)
            }
        }
        errorReader.start()
        let output = stdout.fileHandleForReading
        Thread { [weak self] in
            var buffer = Data()
            while true {
                let chunk = output.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    if !line.trimmingCharacters(in: .whitespaces).isEmpty { events.yield(.line(line)) }
                }
            }
            process.waitUntilExit()
            Thread.sleep(forTimeInterval: 0.05)  // let the stderr reader catch the last words
            guard ended.claim() else { return }
            events.yield(.exited(status: process.terminationStatus, stderrTail: self?.stderrText ?? ""))
            events.finish()
        }.start()
    }

    /// Writes one line to the worker's standard input; false when it is gone.
    @discardableResult
    func send(_ line: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard process.isRunning else { return false }
        do {
            try input.write(contentsOf: Data((line + "\n").utf8))
            return true
        } catch {
            return false
        }
    }

    /// Ends the worker at once.
    func kill() {
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
    }

    /// The last 2,000 characters the worker wrote on standard error.
    var stderrText: String {
        lock.withLock { String(decoding: stderrTail, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    private func keepStderr(_ chunk: Data) {
        lock.withLock {
            stderrTail.append(chunk)
            if stderrTail.count > 2000 { stderrTail = stderrTail.suffix(2000) }
        }
    }

    deinit { kill() }

    /// How many descriptors this process has open (`nil` without `/proc`). FileManager's listing
    /// reads each entry's name by its length, unlike `Process.run`.
    static func openDescriptors() -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")).map(\.count)
    }
}

/// A worker not started because too many descriptors are open (see ``WorkerProcess/descriptorLimit``).
struct SpawnRefused: Error, CustomStringConvertible {
    let openDescriptors: Int
    let limit: Int

    var description: String {
        "the server has \(openDescriptors) file descriptors open, over the \(limit) at which it starts a worker (Foundation's Process.run can crash past about 1,350 on Linux); retry once it is less busy"
    }
}

/// True for the first caller only.
private final class EndOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    func claim() -> Bool {
        lock.withLock {
            defer { done = true }
            return !done
        }
    }
}
