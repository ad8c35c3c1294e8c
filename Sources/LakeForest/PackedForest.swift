/// The forest laid out for scoring: every tree's nodes as 16-byte records in one array, breadth
/// first so a node's children sit side by side (the right child is left + 1).
///
/// A leaf loops to itself (threshold +∞, so every finite value goes "left", to itself). A walk can
/// then take exactly the tree's depth in steps with no test for having arrived, and several rows'
/// walks interleave without branches — the processor overlaps their memory loads.
struct PackedForest: Sendable {
    struct Node {
        var threshold: Double
        var feature: Int32
        /// The left child's index within the tree (a leaf's own index).
        var left: Int32
    }

    let nodes: [Node]
    /// For each node (leaves only matter): the path length a point ending there gets.
    let leafValues: [Double]
    /// Where each tree's nodes start, and how many steps reach any of its leaves.
    let starts: [Int]
    let depths: [Int]

    init(_ trees: [IsolationTree]) {
        var nodes: [Node] = [], leafValues: [Double] = [], starts: [Int] = [], depths: [Int] = []
        for tree in trees {
            starts.append(nodes.count)
            // Breadth first from the root; each internal node reserves two adjacent slots.
            var order = [(old: 0, depth: 0)], placed = [0: 0], maxDepth = 0
            var packed = [Node(threshold: .infinity, feature: 0, left: 0)]
            var values = [0.0]
            var head = 0
            while head < order.count {
                let (old, depth) = order[head]
                let new = placed[old]!
                head += 1
                maxDepth = max(maxDepth, depth)
                if tree.feature[old] < 0 {
                    packed[new] = Node(threshold: .infinity, feature: 0, left: Int32(new))
                    values[new] = tree.leafValue[old]
                    continue
                }
                let left = packed.count
                packed += [Node(threshold: .infinity, feature: 0, left: 0), Node(threshold: .infinity, feature: 0, left: 0)]
                values += [0, 0]
                placed[Int(tree.left[old])] = left
                placed[Int(tree.right[old])] = left + 1
                order += [(Int(tree.left[old]), depth + 1), (Int(tree.right[old]), depth + 1)]
                packed[new] = Node(threshold: tree.threshold[old], feature: tree.feature[old], left: Int32(left))
            }
            nodes += packed
            leafValues += values
            depths.append(maxDepth)
        }
        self.nodes = nodes
        self.leafValues = leafValues
        self.starts = starts
        self.depths = depths
    }

    /// Writes each row's mean path length over the trees into `output` (rows of `values`,
    /// `columns` wide), one tree at a time so the tree stays in cache, eight rows at a time.
    func meanPathLengths(_ values: UnsafeBufferPointer<Double>, columns: Int, rows: Range<Int>, into output: UnsafeMutableBufferPointer<Double>) {
        nodes.withUnsafeBufferPointer { nodes in
            leafValues.withUnsafeBufferPointer { leafValues in
                for (index, start) in starts.enumerated() {
                    // A running mean, m += (v − m) · 1/k: exact when every tree agrees (constant
                    // data scores exactly −0.5).
                    let weight = 1 / Double(index + 1), steps = depths[index]
                    @inline(__always) func step(_ node: Int, _ base: Int) -> Int {
                        let current = nodes[node]
                        return start + Int(current.left) + (values[base + Int(current.feature)] <= current.threshold ? 0 : 1)
                    }
                    var row = rows.lowerBound
                    while row + 8 <= rows.upperBound {
                        let b = row * columns
                        var n0 = start, n1 = start, n2 = start, n3 = start, n4 = start, n5 = start, n6 = start, n7 = start
                        for _ in 0..<steps {
                            n0 = step(n0, b); n1 = step(n1, b + columns); n2 = step(n2, b + 2 * columns); n3 = step(n3, b + 3 * columns)
                            n4 = step(n4, b + 4 * columns); n5 = step(n5, b + 5 * columns); n6 = step(n6, b + 6 * columns); n7 = step(n7, b + 7 * columns)
                        }
                        let slot = row - rows.lowerBound
                        // Spelled out: a literal array here cost an allocation per eight rows per tree.
                        @inline(__always) func add(_ offset: Int, _ node: Int) {
                            output[slot + offset] += (leafValues[node] - output[slot + offset]) * weight
                        }
                        add(0, n0); add(1, n1); add(2, n2); add(3, n3); add(4, n4); add(5, n5); add(6, n6); add(7, n7)
                        row += 8
                    }
                    while row < rows.upperBound {
                        var node = start
                        for _ in 0..<steps { node = step(node, row * columns) }
                        let slot = row - rows.lowerBound
                        output[slot] += (leafValues[node] - output[slot]) * weight
                        row += 1
                    }
                }
            }
        }
    }
}
