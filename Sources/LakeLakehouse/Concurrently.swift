import Dispatch
import Synchronization

/// Runs `background` on another thread while `foreground` runs on this one, and returns both
/// results once both have finished. An error from either is rethrown then (the background's when
/// both throw).
func concurrently<Background: Sendable, Foreground>(_ background: @escaping @Sendable () throws -> Background,
                                                    with foreground: () throws -> Foreground) throws -> (Background, Foreground) {
    let result = Mutex<Result<Background, any Error>?>(nil)
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
        let outcome = Result { try background() }
        result.withLock { $0 = outcome }
        done.signal()
    }
    let foregroundResult = Result { try foreground() }
    done.wait()
    let backgroundResult = result.withLock { $0! }
    return (try backgroundResult.get(), try foregroundResult.get())
}
