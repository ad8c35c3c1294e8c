import LakeProject
import LakeTemplates
import LakeYAML

/// `--vars '{key: value}'`: YAML (or JSON) on the command line, as dbt takes it.
public enum VarsArgument {
    /// `option` names the argument in errors (`--args` of run-operation takes the same).
    public static func parse(_ text: String, option: String = "--vars") throws -> [String: JSONValue] {
        guard let root = try YAMLParser.parse(text, file: option) else { return [:] }
        guard case .object(let pairs) = root.json else {
            throw LakeError("\(option) takes a mapping, e.g. \(option) '{start_date: 2020-07-01}'")
        }
        return Dictionary(pairs, uniquingKeysWith: { _, new in new })
    }
}
