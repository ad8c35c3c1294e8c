import LakeProject
import LakeTemplates
import LakeYAML

/// `--vars '{key: value}'`: YAML (or JSON) on the command line, as dbt takes it.
public enum VarsArgument {
    public static func parse(_ text: String) throws -> [String: JSONValue] {
        guard let root = try YAMLParser.parse(text, file: "--vars") else { return [:] }
        guard case .object(let pairs) = root.json else {
            throw LakeError("--vars takes a mapping, e.g. --vars '{start_date: 2020-07-01}'")
        }
        return Dictionary(pairs, uniquingKeysWith: { _, new in new })
    }
}
