import Foundation
import Synchronization
import LakeDuckDB

/// Ctrl-C or SIGTERM during a run: nothing new starts, running statements are interrupted (their
/// transactions roll back; commits already made stay), and the run ends with 128 + the signal.
/// One per process: a signal is addressed to the process, and whoever runs reports it.
public final class RunInterruption: Sendable {
    public static let shared = RunInterruption()

    private struct State {
        var received: Int32?
        var listeners: [UUID: @Sendable () -> Void] = [:]
        var sources: [any DispatchSourceSignal] = []
    }
    private let state = Mutex(State())

    /// The signal that interrupted, if one did.
    public var signal: Int32? { state.withLock { $0.received } }

    /// Turns SIGINT and SIGTERM into an interruption instead of an abrupt exit. Idempotent.
    public func install() {
        state.withLock { state in
            guard state.sources.isEmpty else { return }
            for number in [SIGINT, SIGTERM] {
                Foundation.signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler { [weak self] in self?.interrupt(number) }
                source.resume()
                state.sources.append(source)
            }
        }
    }

    /// What a second signal does: the first asks politely, the second exits at once.
    public func interrupt(_ number: Int32) {
        let toCall: [@Sendable () -> Void]? = state.withLock { state in
            if state.received != nil { return nil }
            state.received = number
            return Array(state.listeners.values)
        }
        guard let toCall else {
            FileHandle.standardError.write(Data("lake: \(Self.name(number)) again: exiting now; the lake keeps its last commits\n".utf8))
            exit(128 + number)
        }
        FileHandle.standardError.write(Data("lake: \(Self.name(number)): finishing or rolling back what runs, starting nothing new (again to exit at once)\n".utf8))
        toCall.forEach { $0() }
    }

    /// Calls `body` on interruption (at once if one already happened) until the token is dropped.
    func onInterrupt(_ body: @escaping @Sendable () -> Void) -> UUID {
        let id = UUID()
        let already = state.withLock { state in
            state.listeners[id] = body
            return state.received != nil
        }
        if already { body() }
        return id
    }

    func remove(_ id: UUID) { state.withLock { $0.listeners[id] = nil } }

    static func name(_ number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}

/// The connections a run's workers use, so an interruption reaches the statements they run. It holds
/// their controls, never the connections, which stay on their workers' threads.
final class ConnectionRegistry: Sendable {
    private let controls = Mutex<[ConnectionControl]>([])
    func add(_ control: ConnectionControl) { controls.withLock { $0.append(control) } }
    func interruptAll() { controls.withLock { $0 }.forEach { $0.interrupt() } }
}
