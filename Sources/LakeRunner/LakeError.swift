/// A failure lake explains in its own words: what happened and what to do about it.
public struct LakeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// Another process holds the warehouse's lock: waiting may help (`--wait-for-lock`).
    public var isLockHeld = false
    public init(_ description: String) { self.description = description }
}
