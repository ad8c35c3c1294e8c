import Foundation

/// An Isolation Forest with scikit-learn 1.9's semantics (Liu, Ting & Zhou 2008): trained trees,
/// and the scores scikit-learn's `score_samples`, `decision_function` and `predict` give.
public struct IsolationForest: Sendable, Equatable {
    public let parameters: IsolationForestParameters
    public let trees: [IsolationTree]
    /// The subsample size each tree was grown from (scikit-learn's max_samples_).
    public let maxSamples: Int
    public let features: Int
    /// scikit-learn's offset_: −0.5 for contamination 'auto', else the contamination percentile of
    /// the training scores.
    public let offset: Double

    public init(parameters: IsolationForestParameters, trees: [IsolationTree], maxSamples: Int, features: Int, offset: Double) {
        self.parameters = parameters
        self.trees = trees
        self.maxSamples = maxSamples
        self.features = features
        self.offset = offset
    }

    /// Trains on `data` (no missing values): scikit-learn's fit.
    public static func fit(_ data: FeatureMatrix, parameters: IsolationForestParameters, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> IsolationForest {
        let forest = try grow(data, parameters: parameters, threads: threads)
        guard case .fraction(let contamination) = parameters.contamination else { return forest }
        return forest.with(offset: Percentile.linear(forest.scoreSamples(data, threads: threads), 100 * contamination))
    }

    /// Trains on `data` and returns its decision_function too, from the one scoring of the training
    /// rows a contamination offset needs anyway (fit then decision_function would score them twice,
    /// which is most of the work).
    public static func fitAndDecide(_ data: FeatureMatrix, parameters: IsolationForestParameters,
                                    threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> (forest: IsolationForest, decisions: [Double]) {
        var forest = try grow(data, parameters: parameters, threads: threads)
        let scores = forest.scoreSamples(data, threads: threads)
        if case .fraction(let contamination) = parameters.contamination {
            forest = forest.with(offset: Percentile.linear(scores, 100 * contamination))
        }
        let offset = forest.offset
        return (forest, scores.map { $0 - offset })
    }

    private func with(offset: Double) -> IsolationForest {
        IsolationForest(parameters: parameters, trees: trees, maxSamples: maxSamples, features: features, offset: offset)
    }

    /// The trees, with contamination 'auto''s offset. They grow in parallel, each from its own seed
    /// drawn in order from the forest's generator, so the result does not depend on the thread count.
    private static func grow(_ data: FeatureMatrix, parameters: IsolationForestParameters, threads: Int) throws -> IsolationForest {
        guard data.rows >= 1, data.columns >= 1 else { throw ForestError("the forest needs at least one row and one feature") }
        if let bad = data.values.firstIndex(where: { !$0.isFinite }) {
            throw ForestError("feature \(bad % data.columns + 1) of row \(bad / data.columns + 1) is missing or not finite; the forest needs every value")
        }
        try parameters.validate(features: data.columns)
        let n = data.rows
        let samples: Int = switch parameters.maxSamples {
        case .auto: min(256, n)
        case .count(let count): min(count, n)
        case .fraction(let fraction): max(1, Int(fraction * Double(n)))
        }
        let featureCount: Int = switch parameters.maxFeatures {
        case .count(let count): count
        case .fraction(let fraction): max(1, Int(fraction * Double(data.columns)))
        }
        let maxDepth = Int(ceil(log2(Double(max(samples, 2)))))
        var master = SeededGenerator(seed: parameters.seed)
        let seeds = (0..<parameters.estimators).map { _ in master.next() }

        let trees = UnsafeMutableBufferPointer<IsolationTree>.allocate(capacity: parameters.estimators)
        trees.initialize(repeating: IsolationTree())
        defer { trees.deallocate() }
        let treeStore = SendableBuffer(trees)
        Parallel.forEach(parameters.estimators, threads: threads) { index in
            var generator = SeededGenerator(seed: seeds[index])
            let rows: [Int] = parameters.bootstrap
                ? (0..<samples).map { _ in generator.index(below: n) }
                : Sampling.withoutReplacement(samples, from: n, using: &generator)
            var columns = Array(0..<data.columns)
            if featureCount < data.columns {
                columns = Sampling.withoutReplacement(featureCount, from: data.columns, using: &generator).sorted()
            }
            var builder = TreeBuilder(data: data, rows: rows, features: columns, maxDepth: maxDepth,
                                      extensionLevel: parameters.extensionLevel, harmonic: parameters.harmonic, generator: generator)
            treeStore.buffer[index] = builder.build()
        }
        return IsolationForest(parameters: parameters, trees: Array(trees), maxSamples: samples, features: data.columns, offset: -0.5)
    }

    /// scikit-learn's score_samples: −2^(−E[h(x)] / c(max_samples)); lower is more abnormal.
    public func scoreSamples(_ data: FeatureMatrix, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        precondition(data.columns == features, "the forest was trained on \(features) features, not \(data.columns)")
        let normaliser = AveragePathLength.of(maxSamples, harmonic: parameters.harmonic)
        let packed = PackedForest(trees)
        var scores = [Double](repeating: 0, count: data.rows)
        scores.withUnsafeMutableBufferPointer { output in
            let store = SendableBuffer(output)
            data.values.withUnsafeBufferPointer { values in
                let input = SendableReadBuffer(values)
                // Blocks of rows, each scored tree by tree.
                let chunk = 2_048
                Parallel.forEach((data.rows + chunk - 1) / chunk, threads: threads) { block in
                    let rows = (block * chunk)..<min(block * chunk + chunk, data.rows)
                    let depths = UnsafeMutableBufferPointer(rebasing: store.buffer[rows])
                    if let packed {
                        packed.meanPathLengths(input.buffer, columns: features, rows: rows, into: depths)
                    } else {
                        for (index, tree) in trees.enumerated() {
                            let seen = Double(index + 1)
                            for row in rows {
                                let slot = row - rows.lowerBound
                                depths[slot] += (tree.pathLength(input.buffer, offset: row * features) - depths[slot]) / seen
                            }
                        }
                    }
                    for slot in depths.indices {
                        depths[slot] = normaliser > 0 ? -pow(2, -depths[slot] / normaliser) : -1
                    }
                }
            }
        }
        return scores
    }

    /// score_samples − offset_: negative for anomalies.
    public func decisionFunction(_ data: FeatureMatrix, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Double] {
        scoreSamples(data, threads: threads).map { $0 - offset }
    }

    /// −1 for anomalies (decision < 0), 1 for inliers; a tie at 0 is an inlier, as in scikit-learn.
    public func predict(_ data: FeatureMatrix, threads: Int = ProcessInfo.processInfo.activeProcessorCount) -> [Int] {
        decisionFunction(data, threads: threads).map { $0 < 0 ? -1 : 1 }
    }
}

/// numpy's percentile with linear interpolation.
public enum Percentile {
    /// NumPy's default (linear) percentile. The two order statistics it needs are selected, not
    /// sorted for: a forest's offset reads one percentile of every training row's score.
    public static func linear(_ values: [Double], _ percent: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        var work = values
        let position = percent / 100 * Double(work.count - 1)
        let lower = Int(position.rounded(.down))
        let atLower = select(lower, in: &work)
        // After selecting, everything past `lower` is at least as large: the next one is its minimum.
        let atUpper = lower + 1 < work.count ? work[(lower + 1)...].min()! : atLower
        return atLower + (position - Double(lower)) * (atUpper - atLower)
    }

    /// The value that would sit at `k` if `values` were sorted (Hoare's selection); leaves smaller
    /// values before `k` and larger ones after it.
    static func select(_ k: Int, in values: inout [Double]) -> Double {
        var low = 0, high = values.count - 1
        while low < high {
            // Median of three as the pivot, so sorted or constant input stays linear.
            let middle = low + (high - low) / 2
            let pivot = Swift.max(Swift.min(values[low], values[middle]), Swift.min(Swift.max(values[low], values[middle]), values[high]))
            var i = low, j = high
            while i <= j {
                while values[i] < pivot { i += 1 }
                while values[j] > pivot { j -= 1 }
                if i <= j { values.swapAt(i, j); i += 1; j -= 1 }
            }
            if k <= j { high = j } else if k >= i { low = i } else { return values[k] }
        }
        return values[k]
    }
}

enum Sampling {
    /// `count` distinct indices from 0..<n: a partial Fisher–Yates shuffle of 0..<n. Only the
    /// places a swap has touched are stored, so drawing 256 of 567,498 rows for each of 100 trees
    /// does not write 100 arrays of 567,498 indices.
    static func withoutReplacement(_ count: Int, from n: Int, using generator: inout SeededGenerator) -> [Int] {
        var moved: [Int: Int] = [:]
        var drawn: [Int] = []
        drawn.reserveCapacity(min(count, n))
        for i in 0..<min(count, n) {
            let j = i + generator.index(below: n - i)
            let atJ = moved[j] ?? j
            moved[j] = moved[i] ?? i
            drawn.append(atJ)
        }
        return drawn
    }
}
