import Foundation
import Synchronization

/// Runs `body(0..<count)` on up to `threads` threads; with one thread, in order on this one.
enum Parallel {
    static func forEach(_ count: Int, threads: Int, _ body: @Sendable (Int) -> Void) {
        if threads <= 1 || count <= 1 {
            for index in 0..<count { body(index) }
            return
        }
        let next = AtomicCounter()
        DispatchQueue.concurrentPerform(iterations: min(threads, count)) { _ in
            while true {
                let index = next.increment()
                if index >= count { return }
                body(index)
            }
        }
    }
}

/// Work handed out one index at a time.
final class AtomicCounter: Sendable {
    private let value = Atomic(-1)
    func increment() -> Int { value.add(1, ordering: .relaxed).newValue }
}

/// A buffer that parallel tasks write at distinct indices.
struct SendableBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Element>
    init(_ buffer: UnsafeMutableBufferPointer<Element>) { self.buffer = buffer }
}

/// A buffer that parallel tasks only read.
struct SendableReadBuffer<Element>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>
    init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }
}
