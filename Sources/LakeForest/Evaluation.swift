import Foundation

/// Measuring a detector against labels: the tests' and the benchmark's common ground.
public enum Evaluation {
    /// The area under the ROC curve from ranks (Mann–Whitney U); tied scores get their average rank.
    /// Higher scores should mean "more anomalous".
    public static func rocAUC(scores: [Double], labels: [Bool]) -> Double {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let average = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = average }
            i = j + 1
        }
        let positives = labels.filter { $0 }.count, negatives = labels.count - positives
        let rankSum = zip(ranks, labels).filter(\.1).reduce(0) { $0 + $1.0 }
        return (rankSum - Double(positives * (positives + 1)) / 2) / Double(positives * negatives)
    }

    /// A labelled benchmark CSV (header f0,…,fN-1,label; label 1 = anomaly).
    public static func loadLabelled(_ path: String) throws -> (FeatureMatrix, [Bool]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var rows: [[Double]] = [], labels: [Bool] = []
        for (number, line) in text.split(separator: "\n").dropFirst().enumerated() {
            let fields = line.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard fields.count >= 2, fields.allSatisfy({ $0 != nil }) else { throw ForestError("\(path):\(number + 2): not a row of numbers") }
            rows.append(fields.dropLast().map { $0! })
            labels.append(fields.last!! == 1)
        }
        return (FeatureMatrix(rows), labels)
    }
}
