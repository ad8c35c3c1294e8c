import LakeTemplates
import LakeYAML
import TextSupport

/// One `ml:` entry of lake.yml: an anomaly detector trained on a model and written back as a table.
public struct MachineLearningSpec: Sendable, Equatable {
    public var name: String
    /// The model it trains on.
    public var source: String
    /// Columns that identify a row (kept in order in the output).
    public var key: [String]
    public var features: [String]
    public var estimators = 100
    /// "auto", an integer, or a fraction.
    public var maxSamples: JSONValue = .string("auto")
    public var maxFeatures: JSONValue = .double(1.0)
    public var bootstrap = false
    /// "auto" or a fraction in (0, 0.5].
    public var contamination: JSONValue = .string("auto")
    public var seed = 0
    /// "standard" (scale each feature, as the reference pipeline did) or "none".
    public var scale = "standard"
    /// Columns whose values split the rows into groups each scaled on its own (`scale_within`,
    /// e.g. [gpu_type]); empty: one scaler for all rows.
    public var scaleWithin: [String] = []
    public var extensionLevel: Int?
    /// The scored table; default <source>_scored.
    public var output: String

    static let keys = ["name", "source", "key", "features", "n_estimators", "max_samples", "max_features", "bootstrap",
                       "contamination", "seed", "scale", "scale_within", "extension_level", "output"]

    /// The `ml:` list, with an error at the line of anything wrong.
    static func parse(_ node: YAMLNode, in document: YAMLDocument) throws -> [MachineLearningSpec] {
        var specs: [MachineLearningSpec] = []
        for entry in try document.list(node, what: "ml") {
            let entries = try document.mapping(entry, what: "an ml entry")
            for (key, _, keyNode) in entries where !keys.contains(key) {
                let hint = EditDistance.closest(to: key, among: keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw document.error("unknown key '\(key)' in an ml entry\(hint)", at: keyNode)
            }
            func value(_ key: String) -> YAMLNode? { entry[key] }
            func integer(_ key: String) throws -> Int? {
                guard let node = value(key) else { return nil }
                guard case .int(let number)? = node.scalar else { throw document.error("\(key) must be a whole number", at: node) }
                return number
            }
            guard let nameNode = value("name"), let sourceNode = value("source") else {
                throw document.error("an ml entry needs `name:` and `source:` (the model to train on)", at: entry)
            }
            let source = try document.string(sourceNode, what: "source")
            var spec = MachineLearningSpec(name: try document.string(nameNode, what: "name"), source: source, key: [], features: [],
                                           output: source + "_scored")
            guard let featuresNode = value("features") else { throw document.error("an ml entry needs `features:` (a list of columns)", at: entry) }
            spec.features = try document.strings(featuresNode, what: "features")
            if spec.features.isEmpty { throw document.error("features must name at least one column", at: featuresNode) }
            spec.key = try value("key").map { try document.strings($0, what: "key") } ?? []
            spec.estimators = try integer("n_estimators") ?? 100
            spec.seed = try integer("seed") ?? 0
            spec.extensionLevel = try integer("extension_level")
            if let node = value("max_samples") { spec.maxSamples = node.json }
            if let node = value("max_features") { spec.maxFeatures = node.json }
            if let node = value("contamination") { spec.contamination = node.json }
            if let node = value("bootstrap") {
                guard case .bool(let flag)? = node.scalar else { throw document.error("bootstrap must be true or false", at: node) }
                spec.bootstrap = flag
            }
            if let node = value("scale") {
                spec.scale = try document.string(node, what: "scale")
                guard ["standard", "none"].contains(spec.scale) else { throw document.error("scale must be 'standard' or 'none'", at: node) }
            }
            if let node = value("scale_within") {
                spec.scaleWithin = try document.strings(node, what: "scale_within")
                if spec.scale != "standard" { throw document.error("scale_within needs scale: standard", at: node) }
            }
            if let node = value("output") { spec.output = try document.string(node, what: "output") }
            specs.append(spec)
        }
        return specs
    }
}
