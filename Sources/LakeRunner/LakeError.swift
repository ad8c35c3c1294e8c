/// A failure of a run or a command, explained in lake's own words: what happened and what to do
/// about it. Its kind says what a caller may do (wait for a lock, build first) without reading the
/// words.
public struct LakeError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// What was asked cannot be done as the project or the warehouse stands.
        case failed
        /// Another process holds the warehouse's lock: waiting may help (`--wait-for-lock`).
        case lockHeld
        /// What the command reads has not been built yet: `lake run` first.
        case notBuilt
    }

    public let kind: Kind
    public let description: String

    public init(_ description: String, kind: Kind = .failed) {
        self.description = description
        self.kind = kind
    }

    public var isLockHeld: Bool { kind == .lockHeld }
}
