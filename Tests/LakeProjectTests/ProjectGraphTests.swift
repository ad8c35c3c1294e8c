import Testing
@testable import LakeProject

/// Names that more than one node carries resolve by one rule, the same in every process.
@Suite struct ProjectGraphTests {
    private func node(_ id: String, _ kind: GraphNode.Kind) -> GraphNode {
        GraphNode(uniqueId: id, kind: kind, name: String(id.split(separator: ".").last!), path: "", folders: [], config: NodeConfig(),
                  dependsOn: [], compiled: nil, test: nil, source: nil, description: "", columns: [])
    }

    @Test func aSharedNameResolvesToTheRootProjectsModel() throws {
        // A source, a package's model, a test and the root project's seed all named `orders`.
        let nodes = [node("source.shop.raw.orders", .source), node("model.pkg.orders", .model), node("test.shop.orders", .test),
                     node("seed.shop.orders", .seed), node("model.pkg.lonely", .model), node("test.shop.only_test", .test)]
        // Dictionary order differs between processes and between graphs built from a different
        // order of the same nodes: every order must give the same answers.
        for permutation in [nodes, nodes.reversed(), Array(nodes[3...] + nodes[..<3])] {
            let graph = try ProjectGraph(projectName: "shop", nodes: permutation)
            #expect(graph.node(named: "orders")?.uniqueId == "seed.shop.orders")
            #expect(graph.node(named: "lonely")?.uniqueId == "model.pkg.lonely")
            #expect(graph.node(named: "only_test")?.uniqueId == "test.shop.only_test")
            #expect(graph.node(named: "missing") == nil)
        }
    }
}
