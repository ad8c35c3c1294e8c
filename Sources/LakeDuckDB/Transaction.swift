import Foundation

extension Connection {
    /// Runs `body` inside BEGIN … COMMIT; any error thrown rolls the transaction back and is rethrown.
    /// `transactionPrologue`, when set, runs right after BEGIN (e.g. to label the commit);
    /// `transactionLock`, when set, is held throughout.
    @discardableResult
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        if let lock = transactionLock {
            let asked = DispatchTime.now().uptimeNanoseconds
            lock.lock()
            secondsWaitedForLock += Double(DispatchTime.now().uptimeNanoseconds - asked) / 1e9
        }
        defer { transactionLock?.unlock() }
        try execute("BEGIN TRANSACTION")
        if let prologue = transactionPrologue {
            do { try execute(prologue) } catch { _ = try? execute("ROLLBACK"); throw error }
        }
        do {
            let value = try body(self)
            try execute("COMMIT")
            return value
        } catch {
            // The rollback's own failure (e.g. the transaction was already aborted) must not mask
            // the error that caused it.
            _ = try? execute("ROLLBACK")
            throw error
        }
    }
}
