/// The forest laid out for scoring: every tree's nodes as 16-byte records in one array, breadth
/// first so a node's children sit side by side (the right child is left + 1).
struct PackedForest: Sendable {
    struct Node {
        /// The split threshold, or for a leaf the path length a point reaching it gets.
        var value: Double
        /// −1 for a leaf.
        var feature: Int32
        /// The left child's index within the tree.
        var left: Int32
    }

    let nodes: [Node]
    /// Where each tree's nodes start.
    let starts: [Int]

    init(_ trees: [IsolationTree]) {
        var nodes: [Node] = [], starts: [Int] = []
        for tree in trees {
            starts.append(nodes.count)
            // Breadth first from the root; each internal node reserves two adjacent slots.
            var order = [0], placed = [0: 0]
            var packed = [Node(value: 0, feature: -1, left: -1)]
            var head = 0
            while head < order.count {
                let old = order[head], new = placed[old]!
                head += 1
                if tree.feature[old] < 0 {
                    packed[new] = Node(value: tree.leafValue[old], feature: -1, left: -1)
                    continue
                }
                let left = packed.count
                packed.append(Node(value: 0, feature: -1, left: -1))
                packed.append(Node(value: 0, feature: -1, left: -1))
                placed[Int(tree.left[old])] = left
                placed[Int(tree.right[old])] = left + 1
                order += [Int(tree.left[old]), Int(tree.right[old])]
                packed[new] = Node(value: tree.threshold[old], feature: tree.feature[old], left: Int32(left))
            }
            nodes += packed
        }
        self.nodes = nodes
        self.starts = starts
    }

    /// Writes each row's mean path length over the trees into `depths` (rows of `values`,
    /// `columns` wide), one tree at a time so the tree stays in cache.
    func meanPathLengths(_ values: UnsafeBufferPointer<Double>, columns: Int, rows: Range<Int>, into depths: UnsafeMutableBufferPointer<Double>) {
        // A running mean, m += (v − m) · 1/k: exact when every tree agrees (constant data scores
        // exactly −0.5), and no division in the loop.
        nodes.withUnsafeBufferPointer { nodes in
            for (index, start) in starts.enumerated() {
                let weight = 1 / Double(index + 1)
                for row in rows {
                    let base = row * columns
                    var node = start
                    var current = nodes[node]
                    while current.feature >= 0 {
                        node = start + Int(current.left) + (values[base + Int(current.feature)] <= current.value ? 0 : 1)
                        current = nodes[node]
                    }
                    let slot = row - rows.lowerBound
                    depths[slot] += (current.value - depths[slot]) * weight
                }
            }
        }
    }
}
