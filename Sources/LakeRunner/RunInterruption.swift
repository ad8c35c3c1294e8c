import Foundation
import LakeDuckDB

/// Ctrl-C or SIGTERM during a run: nothing new starts, running statements are interrupted (their
/// transactions roll back; commits already made stay), and the run ends with 128 + the signal.
/// One per process: a signal is addressed to the process, and whoever runs reports it.
public final class RunInterruption: @unchecked Sendable {
    public static let shared = RunInterruption()

    private let lock = NSLock()
    private var received: Int32?
    private var listeners: [UUID: () -> Void] = [:]
    private var sources: [DispatchSourceSignal] = []

    /// The signal that interrupted, if one did.
    public var signal: Int32? { lock.lock(); defer { lock.unlock() }; return received }

    /// Turns SIGINT and SIGTERM into an interruption instead of an abrupt exit. Idempotent.
    public func install() {
        lock.lock()
        defer { lock.unlock() }
        guard sources.isEmpty else { return }
        for number in [SIGINT, SIGTERM] {
            Foundation.signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.interrupt(number) }
            source.resume()
            sources.append(source)
        }
    }

    /// What a second signal does: the first asks politely, the second exits at once.
    public func interrupt(_ number: Int32) {
        lock.lock()
        if received != nil {
            lock.unlock()
            FileHandle.standardError.write(Data("lake: \(Self.name(number)) again: exiting now; the lake keeps its last commits\n".utf8))
            exit(128 + number)
        }
        received = number
        let toCall = Array(listeners.values)
        lock.unlock()
        FileHandle.standardError.write(Data("lake: \(Self.name(number)): finishing or rolling back what runs, starting nothing new (again to exit at once)\n".utf8))
        toCall.forEach { $0() }
    }

    /// Calls `body` on interruption (at once if one already happened) until the token is dropped.
    func onInterrupt(_ body: @escaping () -> Void) -> UUID {
        lock.lock()
        let id = UUID()
        listeners[id] = body
        let already = received != nil
        lock.unlock()
        if already { body() }
        return id
    }

    func remove(_ id: UUID) { lock.lock(); listeners[id] = nil; lock.unlock() }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}

/// The connections a run's workers use, so an interruption reaches the statements they run.
final class ConnectionRegistry: @unchecked Sendable {
    private let lock = NSLock()
    private var connections: [Connection] = []
    func add(_ connection: Connection) { lock.lock(); connections.append(connection); lock.unlock() }
    func interruptAll() { lock.lock(); let all = connections; lock.unlock(); all.forEach { $0.interrupt() } }
}
