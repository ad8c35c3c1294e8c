import Foundation
import Testing
@testable import LakeForest

@Suite struct IsolationForestTests {
    @Test func averagePathLengthAtKnownPoints() {
        #expect(AveragePathLength.of(0) == 0)
        #expect(AveragePathLength.of(1) == 0)
        #expect(AveragePathLength.of(2) == 1)
        // 2 (ln 4 + γ) − 2 · 4/5
        #expect(abs(AveragePathLength.of(5) - (2 * (log(4.0) + 0.5772156649015329) - 1.6)) < 1e-12)
        #expect(abs(AveragePathLength.of(256) - 10.244770920119917) < 1e-9)   // scikit-learn's value
        #expect(abs(AveragePathLength.of(999) - 12.967939884427995) < 1e-9)
        // Exact harmonic numbers: H(4) = 25/12.
        #expect(abs(AveragePathLength.of(5, harmonic: .exact) - (2 * 25.0 / 12 - 1.6)) < 1e-12)
        #expect(AveragePathLength.of(2, harmonic: .exact) == 1)
    }

    @Test func treesStopAtTheDepthLimit() throws {
        var generator = SeededGenerator(seed: 1)
        let data = FeatureMatrix((0..<1_000).map { _ in [generator.unit(), generator.unit()] })
        var parameters = IsolationForestParameters()
        parameters.maxSamples = .count(64)
        parameters.estimators = 10
        let forest = try IsolationForest.fit(data, parameters: parameters)
        #expect(forest.maxSamples == 64)
        for tree in forest.trees {
            // Depth ≤ ceil(log2 64) = 6: a leaf's value is its depth plus c(leaf size).
            var depth = [Int](repeating: 0, count: tree.nodeCount)
            for node in 0..<tree.nodeCount where tree.feature[node] >= 0 {
                depth[Int(tree.left[node])] = depth[node] + 1
                depth[Int(tree.right[node])] = depth[node] + 1
            }
            #expect(depth.max()! <= 6)
        }
    }

    @Test func offsetForAutoAndForAContamination() throws {
        var generator = SeededGenerator(seed: 2)
        let data = FeatureMatrix((0..<500).map { _ in [generator.gaussian(), generator.gaussian()] })
        var parameters = IsolationForestParameters()
        let auto = try IsolationForest.fit(data, parameters: parameters)
        #expect(auto.offset == -0.5)
        parameters.contamination = .fraction(0.05)
        let fitted = try IsolationForest.fit(data, parameters: parameters)
        let scores = fitted.scoreSamples(data)
        #expect(fitted.offset == Percentile.linear(scores, 5))
        // 5 % of the training points fall below the offset.
        #expect(fitted.predict(data).filter { $0 == -1 }.count == 25)
        #expect(Percentile.linear([1, 2, 3, 4], 50) == 2.5)
        #expect(Percentile.linear([10, 20, 30], 5) == 11)
        // fitAndDecide gives the forest fit gives, and decision_function's values on the training rows.
        let (same, decisions) = try IsolationForest.fitAndDecide(data, parameters: parameters)
        #expect(same == fitted)
        #expect(decisions == fitted.decisionFunction(data))
    }

    /// The selected percentile equals the one read off a sorted copy, ties and sorted input included.
    @Test func percentilesBySelectionMatchSorting() {
        var generator = SeededGenerator(seed: 9)
        func sortedPercentile(_ values: [Double], _ percent: Double) -> Double {
            let sorted = values.sorted()
            let position = percent / 100 * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = min(lower + 1, sorted.count - 1)
            return sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower])
        }
        for count in [1, 2, 3, 10, 257, 5_000] {
            let random = (0..<count).map { _ in generator.gaussian() }
            let ties = (0..<count).map { _ in Double(generator.index(below: 4)) }
            for values in [random, ties, random.sorted(), Array(random.sorted().reversed()), [Double](repeating: 7, count: count)] {
                for percent in [0.0, 5, 37.5, 50, 95, 100] {
                    #expect(Percentile.linear(values, percent) == sortedPercentile(values, percent), "\(count) values, \(percent) %")
                }
            }
        }
    }

    @Test func aTieAtTheOffsetIsAnInlier() {
        // One leaf holding every sample: every point scores exactly −2^(−c(n)/c(n)) = −0.5.
        var tree = IsolationTree()
        _ = tree.addNode()
        tree.leafValue[0] = AveragePathLength.of(8)
        var parameters = IsolationForestParameters()
        parameters.estimators = 1
        let forest = IsolationForest(parameters: parameters, trees: [tree], maxSamples: 8, features: 1, offset: -0.5)
        let points = FeatureMatrix([[1.0], [2.0]])
        #expect(forest.decisionFunction(points) == [0, 0])
        #expect(forest.predict(points) == [1, 1])
    }

    @Test func allConstantDataIsAllInliers() throws {
        let data = FeatureMatrix(Array(repeating: [3.0, 3.0], count: 100))
        let forest = try IsolationForest.fit(data, parameters: IsolationForestParameters())
        #expect(forest.trees.allSatisfy { $0.nodeCount == 1 })
        #expect(forest.scoreSamples(data).allSatisfy { $0 == -0.5 })
        #expect(forest.predict(data).allSatisfy { $0 == 1 })
    }

    @Test func theSameSeedGivesIdenticalScoresOnAnyNumberOfThreads() throws {
        var generator = SeededGenerator(seed: 3)
        let data = FeatureMatrix((0..<2_000).map { _ in [generator.gaussian(), generator.unit() * 10, generator.gaussian()] })
        var parameters = IsolationForestParameters()
        parameters.seed = 42
        let one = try IsolationForest.fit(data, parameters: parameters, threads: 1)
        let many = try IsolationForest.fit(data, parameters: parameters, threads: 4)
        #expect(one == many)
        #expect(one.scoreSamples(data, threads: 1) == many.scoreSamples(data, threads: 3))
        parameters.seed = 43
        #expect(try IsolationForest.fit(data, parameters: parameters) != one)
    }

    @Test func scikitLearnsDocumentedExample() throws {
        // IsolationForest(random_state=0).fit([[-1.1], [0.3], [0.5], [100]]).predict(...) → only 100 is -1.
        let data = FeatureMatrix([[-1.1], [0.3], [0.5], [100]])
        for seed: UInt64 in 0..<5 {
            var parameters = IsolationForestParameters()
            parameters.seed = seed
            let forest = try IsolationForest.fit(data, parameters: parameters)
            #expect(forest.predict(data) == [1, 1, 1, -1], "seed \(seed)")
            #expect(forest.predict(FeatureMatrix([[0.1], [0], [90]])) == [1, 1, -1], "seed \(seed)")
        }
    }

    @Test func parametersAreValidated() {
        let data = FeatureMatrix([[1, 2], [3, 4]])
        var parameters = IsolationForestParameters()
        parameters.contamination = .fraction(0.6)
        #expect(throws: ForestError.self) { try IsolationForest.fit(data, parameters: parameters) }
        parameters = IsolationForestParameters()
        parameters.extensionLevel = 2
        #expect(throws: ForestError.self) { try IsolationForest.fit(data, parameters: parameters) }
        let missing = #expect(throws: ForestError.self) { try IsolationForest.fit(FeatureMatrix([[1, .nan]]), parameters: IsolationForestParameters()) }
        #expect(missing?.description.contains("feature 2 of row 1 is missing") == true)
    }

    @Test func maxSamplesAndFeaturesFollowScikitLearn() throws {
        var generator = SeededGenerator(seed: 4)
        let data = FeatureMatrix((0..<100).map { _ in [generator.unit(), generator.unit(), generator.unit(), generator.unit()] })
        var parameters = IsolationForestParameters()
        parameters.maxSamples = .count(1_000)
        #expect(try IsolationForest.fit(data, parameters: parameters).maxSamples == 100)
        parameters.maxSamples = .fraction(0.5)
        #expect(try IsolationForest.fit(data, parameters: parameters).maxSamples == 50)
        parameters.maxFeatures = .count(1)
        let single = try IsolationForest.fit(data, parameters: parameters)
        // With one feature per tree, every split in a tree uses the same feature.
        for tree in single.trees {
            #expect(Set(tree.feature.filter { $0 >= 0 }).count <= 1)
        }
        parameters.bootstrap = true
        #expect(try IsolationForest.fit(data, parameters: parameters).trees.count == 100)
    }

    @Test func theExtendedForestSeparatesADiagonalOutlier() throws {
        var generator = SeededGenerator(seed: 5)
        // Points on the line y = x, and one off it, inside both features' ranges.
        var rows = (0..<400).map { _ -> [Double] in let t = generator.unit() * 10; return [t, t + generator.gaussian() * 0.05] }
        rows.append([2, 8])
        let data = FeatureMatrix(rows)
        var parameters = IsolationForestParameters()
        parameters.extensionLevel = 1
        parameters.seed = 7
        let forest = try IsolationForest.fit(data, parameters: parameters)
        let scores = forest.scoreSamples(data)
        #expect(scores.last! < scores.dropLast().min()!)
        #expect(forest.trees.allSatisfy { $0.dimensions == 2 })
    }

    @Test func thePackedScorerAgreesWithWalkingEachTree() throws {
        var generator = SeededGenerator(seed: 9)
        // 1,003 rows: blocks of eight and a tail; skewed features give leaves at many depths.
        let data = FeatureMatrix((0..<1_003).map { _ in [exp(generator.gaussian() * 2), generator.unit(), floor(generator.unit() * 4)] })
        var parameters = IsolationForestParameters()
        parameters.seed = 11
        let forest = try IsolationForest.fit(data, parameters: parameters)
        let scores = forest.scoreSamples(data, threads: 1)
        let normaliser = AveragePathLength.of(forest.maxSamples)
        data.values.withUnsafeBufferPointer { values in
            for row in [0, 1, 7, 8, 500, 999, 1_000, 1_002] {
                let mean = forest.trees.map { $0.pathLength(values, offset: row * 3) }.reduce(0, +) / Double(forest.trees.count)
                let expected = -pow(2, -mean / normaliser)
                #expect(abs(scores[row] - expected) < 1e-12, "row \(row)")
            }
        }
    }

    @Test func aForestTooDeepToPackIsWalkedTreeByTree() throws {
        var generator = SeededGenerator(seed: 4)
        let data = FeatureMatrix((0..<9_000).map { _ in [generator.gaussian(), generator.gaussian()] })
        var parameters = IsolationForestParameters()
        parameters.estimators = 5
        parameters.maxSamples = .count(8_192)
        let forest = try IsolationForest.fit(data, parameters: parameters)
        #expect(forest.trees.map(PackedForest.depth(of:)).max()! > PackedForest.maximumDepth)
        #expect(PackedForest(forest.trees) == nil)
        let scores = forest.scoreSamples(data, threads: 2)
        let normaliser = AveragePathLength.of(forest.maxSamples)
        data.values.withUnsafeBufferPointer { values in
            for row in [0, 4_321, 8_999] {
                let mean = forest.trees.map { $0.pathLength(values, offset: row * 2) }.reduce(0, +) / Double(forest.trees.count)
                #expect(abs(scores[row] - -pow(2, -mean / normaliser)) < 1e-12, "row \(row)")
            }
        }
    }

    @Test func drawingWithoutReplacementIsAPartialFisherYatesShuffle() {
        // The shuffle as it reads in a textbook, over the whole pool: the draws must be the same.
        func shuffled(_ count: Int, from n: Int, seed: UInt64) -> [Int] {
            var generator = SeededGenerator(seed: seed), pool = Array(0..<n)
            for i in 0..<min(count, n) { pool.swapAt(i, i + generator.index(below: n - i)) }
            return Array(pool.prefix(count))
        }
        for (count, n) in [(256, 567_498), (10, 10), (5, 3), (3, 1_000), (0, 7)] {
            for seed: UInt64 in [1, 42] {
                var generator = SeededGenerator(seed: seed)
                let drawn = Sampling.withoutReplacement(count, from: n, using: &generator)
                #expect(drawn == shuffled(count, from: n, seed: seed), "\(count) of \(n), seed \(seed)")
                #expect(Set(drawn).count == drawn.count)
            }
        }
    }

    @Test func rocAUCAveragesTies() {
        #expect(Evaluation.rocAUC(scores: [0.1, 0.4, 0.35, 0.8], labels: [false, false, true, true]) == 0.75)
        #expect(Evaluation.rocAUC(scores: [1, 1, 1, 1], labels: [false, true, false, true]) == 0.5)
    }
}
