import Foundation

/// Waiting for something another process holds (`--wait-for-lock`): pauses from half a second,
/// doubling up to ten, never past the deadline. One budget for every lock a run waits for.
struct Backoff {
    /// The seconds allowed in all; nil: no waiting.
    let seconds: Double?
    private let deadline: Date
    private var pause = 0.5

    init(seconds: Double?) {
        self.seconds = seconds
        deadline = Date().addingTimeInterval(seconds ?? 0)
    }

    var secondsLeft: TimeInterval { deadline.timeIntervalSinceNow }

    /// The next pause, or nil when the time is up; `say` hears it (with what is left) before the sleep.
    mutating func wait(saying say: (_ pause: TimeInterval, _ left: TimeInterval) -> Void) -> Bool {
        let left = secondsLeft
        guard left > 0 else { return false }
        let wait = min(pause, left)
        say(wait, left)
        Thread.sleep(forTimeInterval: wait)
        pause = min(pause * 2, 10)
        return true
    }
}
