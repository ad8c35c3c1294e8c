import Foundation
import Synchronization
import LakeDuckDB

/// Shows a long step's progress: a bar redrawn in place on a terminal, one line per step otherwise
/// (so logs stay readable).
public final class ProgressReporter: Sendable {
    private let write: @Sendable (String) -> Void
    private let interactive: Bool

    public init(interactive: Bool = isatty(STDERR_FILENO) != 0, write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.interactive = interactive
        self.write = write
    }

    /// Runs `body` (a query on `connection`), drawing DuckDB's progress for it.
    public func track(_ name: String, on connection: Connection, _ body: () throws -> Void) rethrows {
        let started = Date()
        let control = connection.control
        let finished = ManagedFlag()
        if interactive {
            let thread = Thread { [self] in
                while !finished.isSet {
                    draw(name, percentage: control.progressPercentage ?? 0, elapsed: Date().timeIntervalSince(started))
                    Thread.sleep(forTimeInterval: 0.2)
                }
            }
            thread.start()
        }
        defer { finished.set() }
        try body()
        finished.set()
        if interactive { draw(name, percentage: 100, elapsed: Date().timeIntervalSince(started)); write("\n") }
        else { write(String(format: "  %@ (%.1f s)\n", name, Date().timeIntervalSince(started))) }
    }

    private func draw(_ name: String, percentage: Double, elapsed: Double) {
        let width = 30
        let filled = Int((percentage / 100 * Double(width)).rounded())
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        write(String(format: "\r  %@ %3.0f%%  %@ %.1f s\u{1B}[K", bar, percentage, name, elapsed))
    }
}

/// A flag one thread sets and another reads.
final class ManagedFlag: Sendable {
    private let value = Atomic(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
