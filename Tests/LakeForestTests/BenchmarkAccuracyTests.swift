import Foundation
import Testing
@testable import LakeForest

/// The ten labelled benchmarks in ../shared/datasets/anomaly/: with 100 trees and 256 samples, the
/// mean ROC AUC over seeds 0–4 must reach scikit-learn 1.9.1's minimum over the same seeds.
@Suite struct BenchmarkAccuracyTests {
    struct Benchmark: Sendable, CustomTestStringConvertible {
        let file: String
        let scikitLearnMinimum: Double
        var testDescription: String { file }
    }

    static let benchmarks = [
        Benchmark(file: "breastw.csv", scikitLearnMinimum: 0.9857), Benchmark(file: "pima.csv", scikitLearnMinimum: 0.6603),
        Benchmark(file: "ionosphere.csv", scikitLearnMinimum: 0.8370), Benchmark(file: "annthyroid.csv", scikitLearnMinimum: 0.8116),
        Benchmark(file: "satellite.csv", scikitLearnMinimum: 0.6705), Benchmark(file: "shuttle.csv", scikitLearnMinimum: 0.9965),
        Benchmark(file: "cardio.csv", scikitLearnMinimum: 0.9090), Benchmark(file: "thyroid.csv", scikitLearnMinimum: 0.9749),
        Benchmark(file: "vowels.csv", scikitLearnMinimum: 0.7459), Benchmark(file: "wbc.csv", scikitLearnMinimum: 0.9944),
    ]

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/datasets/anomaly").standardized.path

    static func load(_ file: String) throws -> (FeatureMatrix, [Bool]) { try Evaluation.loadLabelled(folder + "/" + file) }

    @Test(arguments: benchmarks) func meanAUCReachesScikitLearnsMinimum(_ benchmark: Benchmark) throws {
        let (data, labels) = try Self.load(benchmark.file)
        var aucs: [Double] = []
        for seed: UInt64 in 0..<5 {
            var parameters = IsolationForestParameters()
            parameters.seed = seed
            parameters.maxSamples = .count(256)
            let forest = try IsolationForest.fit(data, parameters: parameters)
            aucs.append(Evaluation.rocAUC(scores: forest.scoreSamples(data).map { -$0 }, labels: labels))
        }
        let mean = aucs.reduce(0, +) / 5
        #expect(mean >= benchmark.scikitLearnMinimum, "\(benchmark.file): mean AUC \(mean), scikit-learn's minimum \(benchmark.scikitLearnMinimum)")
    }
}
