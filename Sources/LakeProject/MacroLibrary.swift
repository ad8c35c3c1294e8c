import Foundation
import LakeTemplates

/// Every macro under the project's macro paths, registered so any model, test or macro can call it.
public struct MacroLibrary {
    public let environment: TemplateEnvironment
    /// dbt generic tests (`{% test name(model, column_name) %}`) by name.
    public private(set) var genericTests: [String: MacroDefinition] = [:]
    public private(set) var docs: [String: String] = [:]
    public private(set) var files: [String] = []
    /// Each file's text, in `files`' order (what a change to the macros is detected by).
    public private(set) var texts: [String] = []

    /// Parses every `.sql` file under `paths` (relative to `root`, missing folders skipped); errors
    /// name the file, line and column.
    public init(root: String, paths: [String]) throws {
        environment = TemplateEnvironment()
        for path in paths {
            for file in SQLFiles.find(under: (root as NSString).appendingPathComponent(path)) {
                let relative = SQLFiles.relative(file, to: root)
                let text = try String(contentsOfFile: file, encoding: .utf8)
                let template = try Template(name: relative, text: text)
                environment.register(macrosOf: template)
                for test in template.tests { genericTests[test.name] = test }
                docs.merge(template.docs) { _, new in new }
                files.append(relative)
                texts.append(text)
            }
        }
    }
}

/// Finds `.sql` files, sorted, so every run sees them in the same order.
public enum SQLFiles {
    public static func find(under folder: String, extension fileExtension: String = "sql") -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: folder) else { return [] }
        var files: [String] = []
        while let next = enumerator.nextObject() as? String {
            if next.hasSuffix("." + fileExtension) { files.append((folder as NSString).appendingPathComponent(next)) }
        }
        return files.sorted()
    }

    public static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
