import Foundation
import LakeTemplates
import LakeYAML

/// A dbt package installed in the project's `dbt_packages/` (where `dbt deps` and `lake deps` put
/// them): its project name, which namespaces its macros (`dbt_utils.star`), and its folders.
public struct InstalledPackage: Sendable {
    /// The `name:` of its dbt_project.yml.
    public let name: String
    /// Its folder, relative to the root project.
    public let folder: String
    public let macroPaths: [String]
    public let modelPaths: [String]
    public let seedPaths: [String]
    /// Its test paths: generic tests under `<path>/generic/` are its macros, as in dbt.
    public var testPaths: [String] = ["tests"]
    /// Where its `{% docs %}` blocks are (dbt's `docs-paths`; by default its other folders).
    public var docsPaths: [String] = []
    /// The `models:` configuration of its own dbt_project.yml (the root project's, for this
    /// package, goes over it).
    public internal(set) var models: FolderConfig
    /// Its own `seeds:` configuration, likewise.
    public internal(set) var seeds = FolderConfig()
    /// The `vars:` of its own dbt_project.yml: its nodes' defaults, under the root project's.
    public var vars: [String: JSONValue] = [:]
    /// Its own `on-run-start` / `on-run-end` hooks, which dbt runs too (a package's before the root
    /// project's).
    public var onRunStart: [String] = []
    public var onRunEnd: [String] = []

    /// Every package under `installPath` (relative to `root`), sorted by name; a folder without a
    /// dbt_project.yml is no package. Two folders with one project name are an error, as in dbt.
    public static func find(root: String, installPath: String) throws -> [InstalledPackage] {
        let base = (root as NSString).appendingPathComponent(installPath)
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: base) else { return [] }
        var packages: [InstalledPackage] = []
        for entry in entries.sorted() where !entry.hasPrefix(".") {
            let file = "\(base)/\(entry)/dbt_project.yml"
            guard FileManager.default.fileExists(atPath: file) else { continue }
            let folder = "\(installPath)/\(entry)"
            let document = try YAMLDocument(path: file, displayName: "\(folder)/dbt_project.yml")
            guard let top = document.root, let nameNode = top["name"] else {
                throw ProjectError("\(folder)/dbt_project.yml has no `name:`, so its macros have no namespace")
            }
            func paths(_ key: String, _ fallback: [String]) throws -> [String] {
                try top[key].map { try document.strings($0, what: key) } ?? fallback
            }
            var package = InstalledPackage(name: try document.string(nameNode, what: "name"), folder: folder,
                                           macroPaths: try paths("macro-paths", ["macros"]),
                                           modelPaths: try paths("model-paths", try paths("source-paths", ["models"])),
                                           seedPaths: try paths("seed-paths", try paths("data-paths", ["seeds"])),
                                           models: try top["models"].map { try FolderConfig.parse($0, in: document) } ?? FolderConfig())
            package = InstalledPackage(name: package.name, folder: package.folder, macroPaths: package.macroPaths, modelPaths: package.modelPaths,
                                       seedPaths: package.seedPaths, models: package.models.scoped(to: package.name))
            package.testPaths = try paths("test-paths", ["tests"])
            if let seeds = top["seeds"] { package.seeds = try FolderConfig.parse(seeds, in: document).scoped(to: package.name) }
            package.docsPaths = try paths("docs-paths", package.modelPaths + package.seedPaths + package.macroPaths + package.testPaths)
            if let vars = top["vars"] { package.vars = try ProjectSettings.variables(vars, in: document) }
            if let value = top["on-run-start"] { package.onRunStart = try value.text.map { [$0] } ?? document.strings(value, what: "on-run-start") }
            if let value = top["on-run-end"] { package.onRunEnd = try value.text.map { [$0] } ?? document.strings(value, what: "on-run-end") }
            if let other = packages.first(where: { $0.name == package.name }) {
                throw ProjectError("two installed packages are named '\(package.name)': \(other.folder) and \(package.folder)")
            }
            packages.append(package)
        }
        return packages.sorted { $0.name < $1.name }
    }

    /// The package with the Jinja of its configuration rendered, as dbt renders every project file.
    func rendered(by renderer: ProjectRenderer) throws -> InstalledPackage {
        var package = self
        package.models = try renderer.render(models, place: "\(folder)/dbt_project.yml")
        package.seeds = try renderer.render(seeds, place: "\(folder)/dbt_project.yml")
        return package
    }

    /// The package's files of `kind` ("sql", "csv") under `paths`, relative to the root project.
    func files(under paths: [String], root: String, extension fileExtension: String) -> [String] {
        paths.flatMap { SQLFiles.find(under: "\(root)/\(folder)/\($0)", extension: fileExtension) }.map { SQLFiles.relative($0, to: root) }
    }
}
