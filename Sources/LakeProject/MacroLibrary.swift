import Foundation
import LakeTemplates

/// Every macro a project can call, by package as dbt keeps them: the root project's (under its
/// macro paths), each installed package's (namespaced by the package's name), and dbt's own (`dbt`).
public struct MacroLibrary: Sendable {
    public let environment: TemplateEnvironment
    /// The root project's name: its macros come first for every node of the root project.
    public let rootPackage: String
    public let packages: [InstalledPackage]
    /// dbt generic tests (`{% test name(model, column_name) %}`) by package, then name.
    private var genericTestsByPackage: [String: [String: MacroDefinition]] = [:]
    public private(set) var docs: [String: String] = [:]
    /// Where each docs block was read: its package and file (from the project root).
    public private(set) var docLocations: [String: DocLocation] = [:]
    /// `{% materialization name %}` blocks by name, with the file that defines each: lake does not
    /// run them, and a model configured with one fails saying so.
    public private(set) var customMaterializations: [String: String] = [:]
    /// The macro files read, the root project's and the packages' (relative to the root).
    public private(set) var files: [String] = []
    /// Each file's text, in `files`' order (what a change to the macros is detected by).
    public private(set) var texts: [String] = []

    /// Parses every `.sql` file under the root project's macro `paths` and each package's (relative
    /// to `root`, missing folders skipped); errors name the file, line and column.
    /// `lenientRoot`: the root project's macros follow dbt's undefined (packages' and dbt's own always do).
    public init(root: String, paths: [String], projectName: String = "", packages: [InstalledPackage] = [], lenientRoot: Bool = false) throws {
        environment = TemplateEnvironment()
        rootPackage = projectName
        self.packages = packages
        try register(Template(name: DbtBuiltinMacros.fileName, text: DbtBuiltinMacros.text, lenientUndefined: true), package: DbtBuiltinMacros.package)
        for package in packages {
            // dbt reads a package's generic tests under <test-path>/generic/ as its macros too.
            for relative in package.files(under: package.macroPaths + package.testPaths.map { "\($0)/generic" }, root: root, extension: "sql") {
                try read(relative, root: root, package: package.name, lenient: true)
            }
        }
        for path in paths {
            for file in SQLFiles.find(under: (root as NSString).appendingPathComponent(path)) {
                try read(SQLFiles.relative(file, to: root), root: root, package: projectName, lenient: lenientRoot)
            }
        }
        environment.defaultSearchOrder = searchOrder(forNodeIn: projectName)
    }

    private mutating func read(_ relative: String, root: String, package: String, lenient: Bool) throws {
        let text = try String(contentsOfFile: (root as NSString).appendingPathComponent(relative), encoding: .utf8)
        try register(Template(name: relative, text: text, lenientUndefined: lenient), package: package)
        files.append(relative)
        texts.append(text)
    }

    private mutating func register(_ template: Template, package: String) throws {
        environment.register(macrosOf: template, package: package)
        for test in template.tests {
            genericTestsByPackage[package, default: [:]][test.name] = test
            // dbt keeps `{% test x %}` as the macro `test_x`, callable like any other.
            environment.register(test, as: "test_" + test.name, package: package)
        }
        // The older spelling, `{% macro test_x(model, ...) %}`, is a generic test `x` as well: dbt
        // finds every generic test as the macro `test_<name>` (dbt_utils' not_null_proportion).
        for macro in template.macros where macro.name.hasPrefix("test_") && macro.name.count > 5 {
            let name = String(macro.name.dropFirst(5))
            if genericTestsByPackage[package]?[name] == nil { genericTestsByPackage[package, default: [:]][name] = macro }
        }
        docs.merge(template.docs) { _, new in new }
        for name in template.docs.keys { docLocations[name] = DocLocation(package: package, file: template.source.name) }
        for materialization in template.materializations {
            // materialization_<name>_<adapter>
            let name = materialization.name.dropFirst("materialization_".count).split(separator: "_").dropLast().joined(separator: "_")
            customMaterializations[name] = template.source.name
        }
    }

    /// dbt's search order for an unqualified macro name in a node of `package`: that package, then
    /// the root project, then dbt's own macros. Other packages' macros need their namespace.
    public func searchOrder(forNodeIn package: String) -> [String] {
        package == rootPackage ? [rootPackage, DbtBuiltinMacros.package] : [package, rootPackage, DbtBuiltinMacros.package]
    }

    /// Every package a macro namespace can name: the installed ones and dbt's.
    public var dependencyNames: Set<String> { Set(packages.map(\.name) + [DbtBuiltinMacros.package]) }

    /// The generic test a schema file names: `pkg.name` in that package; a bare name in the root
    /// project, then in the installed packages (by name), as dbt finds `test_<name>`.
    public func genericTest(named name: String) -> MacroDefinition? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2 { return genericTestsByPackage[parts[0]]?[parts[1]] }
        for package in [rootPackage] + packages.map(\.name) + [DbtBuiltinMacros.package] {
            if let test = genericTestsByPackage[package]?[name] { return test }
        }
        return nil
    }

    /// The macro `lake run-operation` calls, as dbt's run-operation finds it: `pkg.name` in that
    /// package; a bare name in the root project, then in the installed packages (by name), then
    /// in dbt's own.
    public func operation(named name: String) -> (package: String, macro: MacroDefinition)? {
        let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
        let packages = parts.count == 2 ? [parts[0]] : [rootPackage] + self.packages.map(\.name).sorted() + [DbtBuiltinMacros.package]
        for package in packages {
            if let macro = environment.macro(named: parts.last!, in: package) { return (package, macro) }
        }
        return nil
    }

    /// Every generic test's name as a schema file would write it, for "did you mean" hints.
    public var genericTestNames: [String] {
        genericTestsByPackage.flatMap { package, tests in
            tests.keys.map { package == rootPackage ? $0 : "\(package).\($0)" }
        }
    }
}

/// Finds `.sql` files, sorted, so every run sees them in the same order.
public enum SQLFiles {
    /// Every file under `folder` ending in `.fileExtension`, through symbolic links to folders and
    /// files as dbt's walk follows them (a project that links `models/` from elsewhere is common);
    /// a link back to a folder already walked is not walked again. Paths keep `folder` as written.
    public static func find(under folder: String, extension fileExtension: String = "sql") -> [String] {
        var files: [String] = []
        var walked: Set<String> = []
        func walk(_ path: String) {
            let real = (path as NSString).resolvingSymlinksInPath
            guard walked.insert(real).inserted, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
            for entry in entries {
                let child = (path as NSString).appendingPathComponent(entry)
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: child, isDirectory: &isFolder) else { continue }
                if isFolder.boolValue { walk(child) } else if entry.hasSuffix("." + fileExtension) { files.append(child) }
            }
        }
        walk(folder)
        return files.sorted()
    }

    public static func relative(_ path: String, to root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }
}
