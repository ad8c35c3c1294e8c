/// c(n): the average path length of an unsuccessful search in a binary search tree of n points —
/// what a leaf holding n samples adds to a path (Liu, Ting & Zhou 2008).
public enum AveragePathLength {
    /// How the harmonic number H(n−1) is computed.
    public enum Harmonic: String, Sendable, Codable {
        /// ln(n−1) + Euler's γ, as scikit-learn does.
        case approximate
        /// The exact sum 1 + 1/2 + … + 1/(n−1): more accurate for small n.
        case exact
    }

    static let eulerGamma = 0.577_215_664_901_532_9

    public static func of(_ n: Int, harmonic: Harmonic = .approximate) -> Double {
        if n <= 1 { return 0 }
        if n == 2 { return 1 }
        let h: Double
        switch harmonic {
        case .approximate: h = log(Double(n - 1)) + eulerGamma
        case .exact: h = (1..<n).reduce(0.0) { $0 + 1 / Double($1) }
        }
        return 2 * h - 2 * Double(n - 1) / Double(n)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
