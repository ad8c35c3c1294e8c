/// scikit-learn's IsolationForest parameters (and the Extended Isolation Forest's), same meanings.
public struct IsolationForestParameters: Sendable, Equatable, Codable {
    public enum MaxSamples: Sendable, Equatable, Codable {
        /// min(256, n)
        case auto
        /// At most n.
        case count(Int)
        /// A fraction of n, in (0, 1].
        case fraction(Double)
    }

    public enum MaxFeatures: Sendable, Equatable, Codable {
        case count(Int)
        /// A fraction of the features, in (0, 1]; 1.0 uses them all.
        case fraction(Double)
    }

    public enum Contamination: Sendable, Equatable, Codable {
        /// offset_ = −0.5, as in the original paper.
        case auto
        /// The share of training points flagged, in (0, 0.5].
        case fraction(Double)
    }

    public var estimators = 100
    public var maxSamples = MaxSamples.auto
    public var maxFeatures = MaxFeatures.fraction(1.0)
    public var bootstrap = false
    public var contamination = Contamination.auto
    public var seed: UInt64 = 0
    /// Extended Isolation Forest (Hariri et al.): hyperplanes through up to extensionLevel + 1
    /// features; nil is scikit-learn's axis-parallel splits.
    public var extensionLevel: Int?
    public var harmonic = AveragePathLength.Harmonic.approximate

    public init() {}

    /// Checks the values the way scikit-learn's parameter validation does.
    public func validate(features: Int) throws {
        guard estimators >= 1 else { throw ForestError("n_estimators must be at least 1, not \(estimators)") }
        switch maxSamples {
        case .count(let n) where n < 1: throw ForestError("max_samples must be at least 1, not \(n)")
        case .fraction(let f) where !(f > 0 && f <= 1): throw ForestError("max_samples as a fraction must be in (0, 1], not \(f)")
        default: break
        }
        switch maxFeatures {
        case .count(let n) where n < 1 || n > features: throw ForestError("max_features must be between 1 and \(features), not \(n)")
        case .fraction(let f) where !(f > 0 && f <= 1): throw ForestError("max_features as a fraction must be in (0, 1], not \(f)")
        default: break
        }
        if case .fraction(let c) = contamination, !(c > 0 && c <= 0.5) {
            throw ForestError("contamination must be 'auto' or in (0, 0.5], not \(c)")
        }
        if let level = extensionLevel, level < 0 || level >= features {
            throw ForestError("extension_level must be between 0 and \(features - 1) (features − 1), not \(level)")
        }
    }
}

/// A forest that cannot be trained or used as asked, in words.
public struct ForestError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
