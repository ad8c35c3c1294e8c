/// A failure lake explains in its own words: what happened and what to do about it.
public struct LakeError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
