/// dbt's model governance: a model's `access` (private, protected, public) and `group`. A private
/// model may be ref'd only by models and snapshots of its own group; a private model needs a group,
/// and a group must be one `groups:` defines. Checked when the graph is built, as dbt does at parse.
enum ModelAccess {
    static let levels = ["private", "protected", "public"]

    static func check(_ nodes: [GraphNode], groups: [String: String]) throws {
        let byId = Dictionary(nodes.map { ($0.uniqueId, $0) }, uniquingKeysWith: { first, _ in first })
        for node in nodes where [.model, .snapshot, .seed].contains(node.kind) {
            let group = node.config["group"]?.stringValue
            if let group, groups[group] == nil {
                let defined = groups.keys.sorted()
                throw ProjectError("\(node.path): \(node.name) is in group '\(group)', which no `groups:` entry defines"
                    + (defined.isEmpty ? " (no group is defined)" : " (defined: \(defined.joined(separator: ", ")))"))
            }
            guard node.kind == .model, let access = node.config["access"]?.stringValue else { continue }
            guard levels.contains(access) else {
                throw ProjectError("\(node.path): \(node.name) has access '\(access)'; dbt's levels are private, protected and public")
            }
            if access == "private" && group == nil {
                throw ProjectError("\(node.path): \(node.name) is private but in no group: give it a `group:` (a private model is its group's alone)")
            }
        }
        for node in nodes where node.kind == .model || node.kind == .snapshot {
            for id in node.dependsOn {
                guard let target = byId[id], target.kind == .model, target.config["access"]?.stringValue == "private",
                      let group = target.config["group"]?.stringValue, node.config["group"]?.stringValue != group else { continue }
                throw ProjectError("\(node.path): node \(node.uniqueId) attempted to reference node \(target.uniqueId), which is not allowed "
                    + "because the referenced node is private to the '\(group)' group")
            }
        }
    }
}
