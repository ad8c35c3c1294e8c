/// One isolation tree in flat arrays: node i splits on `feature[i]` at `threshold[i]` (or, in the
/// extended forest, on the hyperplane `normal[i]·(x − point[i]) ≤ 0`), children at `left[i]`,
/// `right[i]`; a leaf (feature −1) holds the path length a point reaching it gets.
public struct IsolationTree: Sendable, Equatable, Codable {
    public var feature: [Int32] = []
    public var threshold: [Double] = []
    public var left: [Int32] = []
    public var right: [Int32] = []
    /// For leaves: depth + c(samples in the leaf).
    public var leafValue: [Double] = []
    /// Extended forest only: per node, `dimensions` normal components, then its intercept n·p.
    public var hyperplanes: [Double] = []
    public var dimensions: Int = 0

    public var nodeCount: Int { feature.count }

    mutating func addNode() -> Int {
        feature.append(-1)
        threshold.append(0)
        left.append(-1)
        right.append(-1)
        leafValue.append(0)
        return feature.count - 1
    }

    /// The path length of `point` (its features at `row`'s offset in `values`).
    @inline(__always)
    func pathLength(_ values: UnsafeBufferPointer<Double>, offset: Int) -> Double {
        var node = 0
        if dimensions == 0 {
            while true {
                let f = Int(feature[node])
                if f < 0 { return leafValue[node] }
                node = Int(values[offset + f] <= threshold[node] ? left[node] : right[node])
            }
        }
        let stride = dimensions + 1
        while true {
            if feature[node] < 0 { return leafValue[node] }
            let base = node * stride
            var dot = 0.0
            for d in 0..<dimensions { dot += hyperplanes[base + d] * values[offset + d] }
            node = Int(dot <= hyperplanes[base + dimensions] ? left[node] : right[node])
        }
    }
}
