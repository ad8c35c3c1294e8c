/// dbt's unique ids, read back: `model.<package>.<name>`, `model.<package>.<model>.v<n>` (a
/// version), `test.<package>.<name>.<hash>` (a generic test), `seed.…`, `snapshot.…`,
/// `unit_test.<package>.<model>.<name>`, `source.<package>.<source>.<table>`, `operation.…`.
public enum NodeID {
    /// `model.<package>.<name>`; an ml entry's output table is a model too.
    public static func model(package: String, name: String) -> String { join("model", package, name) }
    /// dbt names a model's version by the model and the version: `model.<package>.<model>.v<version>`.
    public static func modelVersion(package: String, model: String, version: String) -> String {
        join("model", package, model, "v" + version)
    }
    public static func seed(package: String, name: String) -> String { join("seed", package, name) }
    public static func snapshot(package: String, name: String) -> String { join("snapshot", package, name) }
    public static func source(package: String, source: String, table: String) -> String { join("source", package, source, table) }
    public static func exposure(package: String, name: String) -> String { join("exposure", package, name) }
    public static func savedQuery(package: String, name: String) -> String { join("saved_query", package, name) }
    /// A singular test (a SQL file in `tests/`).
    public static func singularTest(package: String, name: String) -> String { join("test", package, name) }
    /// A generic test: its name and a hash of what it is (`TestNaming.uniqueIdSuffix`).
    public static func genericTest(package: String, name: String, suffix: String) -> String { join("test", package, name, suffix) }
    public static func unitTest(package: String, model: String, name: String) -> String { join("unit_test", package, model, name) }
    /// An `on-run-start`/`on-run-end` hook: `operation.<project>.<project>-on-run-start-<n>`.
    public static func operation(package: String, name: String) -> String { join("operation", package, name) }

    /// A macro, which `lake run-operation` reports its call under: `macro.<package>.<name>`.
    public static func macro(package: String, name: String) -> String { join("macro", package, name) }

    public static func isUnitTest(_ uniqueId: String) -> Bool { uniqueId.hasPrefix("unit_test.") }
    public static func isOperation(_ uniqueId: String) -> Bool { uniqueId.hasPrefix("operation.") }

    private static func join(_ parts: String...) -> String { parts.joined(separator: ".") }

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
