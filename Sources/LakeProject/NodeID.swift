/// dbt's unique ids, read back: `model.<package>.<name>`, `model.<package>.<model>.v<n>` (a
/// version), `test.<package>.<name>.<hash>` (a generic test), `seed.…`, `snapshot.…`,
/// `unit_test.<package>.<model>.<name>`, `source.<package>.<source>.<table>`, `operation.…`.
public enum NodeID {
    /// The name lake knows the node by: a version's `<model>_v<n>`, a source's `<source>.<table>`,
    /// anything else its own name.
    public static func name(of uniqueId: String) -> String {
        let parts = uniqueId.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else { return parts.last ?? uniqueId }
        switch parts[0] {
        case "source": return parts.dropFirst(2).joined(separator: ".")
        case "model" where parts.count == 4 && parts[3].hasPrefix("v"): return ModelVersion.nodeName(model: parts[2], version: String(parts[3].dropFirst()))
        case "test" where parts.count == 4: return parts[2]
        default: return parts.last!
        }
    }
}
