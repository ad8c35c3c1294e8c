import Foundation
import LakeProject
import LakeRunner

/// `lake docs`: the project on one page — the DAG as a layered graph, and every node with its
/// materialization, description, columns, tests, compiled SQL and last run.
public struct DocsPage {
    public let project: Project
    public let graph: ProjectGraph
    public let linker: Linker

    public init(project: Project, graph: ProjectGraph) {
        self.project = project
        self.graph = graph
        linker = Linker(graph: graph, project: project)
    }

    /// The nodes the graph drawing shows (tests are listed under their models instead).
    var drawn: [GraphNode] { graph.order.compactMap { graph.nodes[$0] }.filter { $0.kind != .test } }

    /// Each node's column: after all its parents, and, when the project's model folders follow one
    /// another (bronze feeds silver feeds gold), after every model of the folders before its own, so
    /// the folders read left to right as bands: a gold model that reads only shallow silver models
    /// is not drawn among the silver ones. Folders that feed each other both ways are not banded.
    func layers() -> [String: Int] {
        let nodes = drawn
        let band = Dictionary(uniqueKeysWithValues: nodes.compactMap { node in
            node.kind == .model ? node.folders.first.map { (node.uniqueId, (node.fqn.first ?? "") + "/" + $0) } : nil
        })
        // Which folders come before which: a folder feeds another when a model of the second reads
        // one of the first, directly or through other nodes.
        var feeds: [String: Set<String>] = [:]
        var reachingBands: [String: Set<String>] = [:]
        for node in nodes {
            var reaching = Set<String>()
            for parent in node.dependsOn {
                reaching.formUnion(reachingBands[parent] ?? [])
                if let folder = band[parent] { reaching.insert(folder) }
            }
            reachingBands[node.uniqueId] = reaching
            if let folder = band[node.uniqueId] { feeds[folder, default: []].formUnion(reaching.subtracting([folder])) }
        }
        let banded = !feeds.contains { folder, before in before.contains { feeds[$0]?.contains(folder) == true } }

        var layer: [String: Int] = [:]
        // Columns only grow, so this settles; the bound is for safety.
        for _ in 0...nodes.count {
            var bandEnd: [String: Int] = [:]
            for node in nodes { if let folder = band[node.uniqueId], let at = layer[node.uniqueId] { bandEnd[folder] = max(bandEnd[folder] ?? 0, at) } }
            var next: [String: Int] = [:]
            for node in nodes {
                var at = (node.dependsOn.compactMap { next[$0] }.max() ?? -1) + 1
                if banded, let folder = band[node.uniqueId] {
                    at = max(at, (feeds[folder] ?? []).compactMap { bandEnd[$0].map { $0 + 1 } }.max() ?? 0)
                }
                next[node.uniqueId] = max(at, layer[node.uniqueId] ?? 0)
            }
            if next == layer { break }
            layer = next
        }
        return layer
    }

    public func render() -> String {
        let lastRun = LastRun(project: project.root)
        var body = "<section><h2>Lineage</h2>" + dag() + "</section>"
        // A generic test's own model is its last parent (the refs among its arguments come first, as in dbt).
        let testsByNode = Dictionary(grouping: graph.nodes.values.filter { $0.kind == .test }) { test in
            (test.test?.attachedTo != nil ? test.dependsOn.last : test.dependsOn.first) ?? ""
        }
        for node in drawn {
            var section = "<section class=\"node\" id=\"\(HTML.escape(node.uniqueId))\"><h2>\(HTML.escape(node.name)) "
                + "<span class=\"badge\">\(HTML.escape(node.kind.rawValue)) · \(HTML.escape(node.materialization))</span></h2>"
            if !node.path.isEmpty { section += "<p class=\"note\">\(HTML.escape(node.path))</p>" }
            let description = node.description.isEmpty ? (project.docs[node.name] ?? "") : node.description
            if !description.isEmpty { section += "<p>\(HTML.escape(description))</p>" }
            if let result = lastRun.results[node.uniqueId] {
                section += "<p>Last run: <span class=\"status-\(HTML.escape(result.status))\">\(HTML.escape(result.status))</span>"
                    + String(format: " in %.2f s", result.seconds) + (result.rows.map { ", \(NumberText.grouped(Double($0))) rows" } ?? "") + "</p>"
            }
            let tests = (testsByNode[node.uniqueId] ?? []).sorted { $0.name < $1.name }
            if !node.columns.isEmpty || !tests.isEmpty {
                let columnTests = Dictionary(grouping: tests) { $0.test?.column ?? "" }
                var rows = node.columns.map { column in
                    [column.name, column.description, (columnTests[column.name] ?? []).map { testLabel($0, lastRun) }.joined(separator: ", ")]
                }
                let described = Set(node.columns.map(\.name))
                for (column, columnTestList) in columnTests where !described.contains(column) {
                    rows.append([column.isEmpty ? "(model)" : column, "", columnTestList.map { testLabel($0, lastRun) }.joined(separator: ", ")])
                }
                section += HTML.sortableTable(headers: ["column", "description", "tests (last status)"], rows: rows, id: "columns-" + node.name)
            }
            if node.compiled != nil, let sql = try? linker.sql(for: node) {
                section += "<details><summary>Compiled SQL</summary><pre>\(HTML.escape(sql.trimmingCharacters(in: .whitespacesAndNewlines)))</pre></details>"
            }
            if let spec = node.machineLearning {
                section += "<p>Isolation Forest on \(HTML.escape(spec.source)): features \(HTML.escape(spec.features.joined(separator: ", "))); "
                    + "\(spec.estimators) trees, seed \(spec.seed), scaling \(HTML.escape(spec.scale)).</p>"
            }
            body += section + "</section>"
        }
        let subtitle = "\(drawn.count) nodes, \(graph.nodes.values.filter { $0.kind == .test }.count) tests" + (lastRun.generated.map { " · last run \($0)" } ?? "")
        return Page.render(title: "\(project.settings.name): models and lineage", subtitle: subtitle, body: body)
    }

    private func testLabel(_ test: GraphNode, _ lastRun: LastRun) -> String {
        let name: String = if let definition = test.test, case .generic(let kind, _) = definition.kind { kind } else { test.name }
        return name + (lastRun.results[test.uniqueId].map { " (\($0.status))" } ?? "")
    }

    /// The graph: one column per layer, boxes linked by curves, each box a link to its section.
    func dag() -> String {
        let layer = layers()
        let columns = Dictionary(grouping: drawn) { layer[$0.uniqueId] ?? 0 }
        let boxW = 215.0, boxH = 26.0, gapX = 56.0, gapY = 10.0
        let tallest = columns.values.map(\.count).max() ?? 0
        let width = Double(columns.count) * (boxW + gapX) + 20, height = Double(tallest) * (boxH + gapY) + 20
        var position: [String: (x: Double, y: Double)] = [:]
        for (index, nodes) in columns.sorted(by: { $0.key < $1.key }) {
            for (row, node) in nodes.sorted(by: { $0.name < $1.name }).enumerated() {
                position[node.uniqueId] = (10 + Double(index) * (boxW + gapX), 10 + Double(row) * (boxH + gapY))
            }
        }
        var svg = "<svg class=\"chart dag\" id=\"dag\" viewBox=\"0 0 \(f(width)) \(f(height))\" role=\"img\" aria-label=\"lineage\">"
        for node in drawn {
            guard let to = position[node.uniqueId] else { continue }
            for parent in node.dependsOn {
                guard let from = position[parent] else { continue }
                let x1 = from.x + boxW, y1 = from.y + boxH / 2, x2 = to.x, y2 = to.y + boxH / 2
                svg += "<path class=\"edge\" d=\"M\(f(x1)),\(f(y1)) C\(f(x1 + gapX / 2)),\(f(y1)) \(f(x2 - gapX / 2)),\(f(y2)) \(f(x2)),\(f(y2))\" fill=\"none\" stroke=\"var(--muted)\" stroke-opacity=\"0.6\"/>"
            }
        }
        for node in drawn {
            guard let at = position[node.uniqueId] else { continue }
            let color = switch node.kind {
            case .source: "var(--muted)"
            case .seed: "var(--accent2)"
            case .ml: "var(--alert)"
            default: "var(--accent)"
            }
            svg += "<a href=\"#\(HTML.escape(node.uniqueId))\"><g class=\"dag-node\"><rect x=\"\(f(at.x))\" y=\"\(f(at.y))\" width=\"\(f(boxW))\" height=\"\(f(boxH))\" rx=\"5\" fill=\"var(--card)\" stroke=\"\(color)\" stroke-width=\"1.5\"/>"
            svg += "<text x=\"\(f(at.x + 8))\" y=\"\(f(at.y + 17))\">\(HTML.escape(String(node.name.prefix(31))))</text>"
            svg += "<title>\(HTML.escape(node.name)): \(HTML.escape(node.kind.rawValue)), \(HTML.escape(node.materialization))</title></g></a>"
        }
        return svg + "</svg>"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// What target/run_results.json says of each node.
struct LastRun {
    struct Result { let status: String; let seconds: Double; let rows: Int? }
    var results: [String: Result] = [:]
    var generated: String?

    init(project root: String) {
        guard let run = RunResultsFile.last(inProject: root) else { return }
        generated = run.generatedText
        for entry in run.results { results[entry.uniqueId] = Result(status: entry.status, seconds: entry.executionTime, rows: entry.rowsAffected) }
    }
}
