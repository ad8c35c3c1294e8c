extension Connection {
    /// Runs `body` inside BEGIN … COMMIT; any error thrown rolls the transaction back and is rethrown.
    @discardableResult
    public func transaction<T>(_ body: (Connection) throws -> T) throws -> T {
        try execute("BEGIN TRANSACTION")
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
