/// Grows one isolation tree from a subsample, recursively splitting at random until each point is
/// alone, the depth limit is reached, or the remaining points are identical.
struct TreeBuilder {
    let data: FeatureMatrix
    /// The columns this tree may split on (max_features).
    let features: [Int]
    let maxDepth: Int
    let extensionLevel: Int?
    let harmonic: AveragePathLength.Harmonic
    var generator: SeededGenerator
    var tree = IsolationTree()
    /// The subsample's row numbers, partitioned in place as the tree grows.
    var rows: [Int]

    init(data: FeatureMatrix, rows: [Int], features: [Int], maxDepth: Int, extensionLevel: Int?,
         harmonic: AveragePathLength.Harmonic, generator: SeededGenerator) {
        self.data = data
        self.rows = rows
        self.features = features
        self.maxDepth = maxDepth
        self.extensionLevel = extensionLevel
        self.harmonic = harmonic
        self.generator = generator
        if extensionLevel != nil { tree.dimensions = data.columns }
    }

    mutating func build() -> IsolationTree {
        grow(range: 0..<rows.count, depth: 0)
        return tree
    }

    /// Builds the node for rows[range] and returns its index.
    @discardableResult
    private mutating func grow(range: Range<Int>, depth: Int) -> Int {
        let node = tree.addNode()
        if extensionLevel != nil { tree.hyperplanes += [Double](repeating: 0, count: data.columns + 1) }
        guard depth < maxDepth, range.count > 1, let split = chooseSplit(range) else {
            tree.leafValue[node] = Double(depth) + AveragePathLength.of(range.count, harmonic: harmonic)
            return node
        }
        // Partition: rows that go left first.
        var boundary = range.lowerBound
        for index in range where split.goesLeft(data, rows[index]) {
            rows.swapAt(index, boundary)
            boundary += 1
        }
        tree.feature[node] = Int32(split.feature)
        tree.threshold[node] = split.threshold
        if let plane = split.hyperplane {
            let base = node * (data.columns + 1)
            for d in 0..<plane.count { tree.hyperplanes[base + d] = plane[d] }
        }
        let left = grow(range: range.lowerBound..<boundary, depth: depth + 1)
        let right = grow(range: boundary..<range.upperBound, depth: depth + 1)
        tree.left[node] = Int32(left)
        tree.right[node] = Int32(right)
        return node
    }

    private struct Split {
        let feature: Int
        let threshold: Double
        /// Extended forest: normal components then intercept.
        let hyperplane: [Double]?

        func goesLeft(_ data: FeatureMatrix, _ row: Int) -> Bool {
            guard let plane = hyperplane else { return data[row, feature] <= threshold }
            var dot = 0.0
            for d in 0..<(plane.count - 1) { dot += plane[d] * data[row, d] }
            return dot <= plane[plane.count - 1]
        }
    }

    /// scikit-learn's random splitter with one feature: draw features (without replacement) until one
    /// is not constant in the node; the threshold is uniform in [min, max), never max itself.
    private mutating func chooseSplit(_ range: Range<Int>) -> Split? {
        var candidates = features
        var ranges: [(Double, Double)] = []
        if extensionLevel != nil { ranges = features.map { bounds(of: $0, in: range) } }
        while !candidates.isEmpty {
            let pick = generator.index(below: candidates.count)
            let feature = candidates.swapRemove(at: pick)
            let (low, high) = bounds(of: feature, in: range)
            guard high > low else { continue }
            if let level = extensionLevel { return hyperplaneSplit(range: range, ranges: ranges, level: level) }
            var threshold = low + generator.unit() * (high - low)
            if threshold >= high { threshold = low }
            return Split(feature: feature, threshold: threshold, hyperplane: nil)
        }
        return nil
    }

    /// Hariri et al.'s extended split: a random normal with `level` + 1 non-zero components (among
    /// the tree's features), through a point drawn uniformly in the node's bounding box.
    private mutating func hyperplaneSplit(range: Range<Int>, ranges: [(Double, Double)], level: Int) -> Split {
        var normal = [Double](repeating: 0, count: data.columns)
        var chosen = features
        let active = min(level + 1, features.count)
        for _ in 0..<active {
            let feature = chosen.swapRemove(at: generator.index(below: chosen.count))
            normal[feature] = generator.gaussian()
        }
        var intercept = 0.0
        for (index, feature) in features.enumerated() where normal[feature] != 0 {
            let (low, high) = ranges[index]
            intercept += normal[feature] * (low + generator.unit() * (high - low))
        }
        return Split(feature: 0, threshold: 0, hyperplane: normal + [intercept])
    }

    private func bounds(of feature: Int, in range: Range<Int>) -> (Double, Double) {
        var low = Double.infinity, high = -Double.infinity
        for index in range {
            let value = data[rows[index], feature]
            if value < low { low = value }
            if value > high { high = value }
        }
        return (low, high)
    }
}

extension Array {
    /// Removes element `index` in O(1) by moving the last one into its place.
    mutating func swapRemove(at index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}
