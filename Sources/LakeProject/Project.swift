import Foundation
import LakeTemplates
import LakeYAML
import TextSupport

/// A project on disk, read and checked: settings, models, seeds, sources, tests and macros.
public struct Project {
    public let root: String
    public let settings: ProjectSettings
    /// Models by name, in path order.
    public let models: [ModelFile]
    public let seeds: [SeedFile]
    public let snapshots: [SnapshotFile]
    public let sources: [SourceTable]
    public let tests: [TestDefinition]
    public let exposures: [ExposureDefinition]
    public let savedQueries: [(name: String, path: String, description: String)]
    public let properties: [String: NodeProperties]
    /// dbt's groups (`groups:` in schema files), as dbt's `graph.groups` lists them.
    public var groupDefinitions: [GroupDefinition] = []
    /// The groups by name, with the file that defines each.
    public var groups: [String: String] { Dictionary(groupDefinitions.map { ($0.name, $0.file) }, uniquingKeysWith: { first, _ in first }) }
    /// Macros' properties (`macros:` in schema files).
    public var macroProperties: [MacroProperties] = []
    public let macros: MacroLibrary
    /// `{% docs %}` blocks from macros, models and `.md` files.
    public let docs: [String: String]
    /// Where each of `docs` was read.
    public var docLocations: [String: DocLocation] = [:]
    /// What lake read and does not act on, each naming its file: commands print these, so nothing
    /// in a project is ignored in silence.
    public let notices: [String]

    public static func load(root: String, profile: ProfileSelection = ProfileSelection()) throws -> Project {
        let settings = try ProjectSettings.load(projectDirectory: root, profile: profile)
        // dbt renders the Jinja of every project file, packages' included, as it loads them.
        let renderer = ProjectRenderer(settings: settings, selection: profile, root: root)
        let packages = try InstalledPackage.find(root: root, installPath: settings.packagesInstallPath).map { try $0.rendered(by: renderer) }
        // dbt reads generic tests under <test-path>/generic/ as macros, never as singular tests.
        let genericTestPaths = settings.testPaths.map { "\($0)/generic" }
        let macros = try MacroLibrary(root: root, paths: settings.macroPaths + genericTestPaths, projectName: settings.name, packages: packages,
                                      lenientRoot: settings.lenientUndefined)
        var notices = settings.unsupported + PackageManifest.notices(root: root, settings: settings, installed: packages)

        var models: [ModelFile] = []
        var seen: [String: String] = [:]
        var schema = SchemaFiles()
        schema.sourceSchemaIsItsName = settings.lenientUndefined
        schema.passesOverUnknownKeys = settings.isDbtProject
        // A dbt project's schema YAML is rendered as dbt renders it (lake.yml projects write no Jinja there).
        if settings.lenientUndefined { schema.render = { section, node, place in try renderer.render(section: section, node, place: place) } }
        var docs = macros.docs
        var docLocations = macros.docLocations
        func read(docsOf template: Template, package: String) {
            docs.merge(template.docs) { _, new in new }
            for name in template.docs.keys { docLocations[name] = DocLocation(package: package, file: template.source.name) }
        }
        for modelPath in settings.modelPaths {
            let folder = (root as NSString).appendingPathComponent(modelPath)
            // dbt's Python models (on DuckDB, a `def model(dbt, session)` run in dbt's process):
            // lake runs SQL only, and says so for each.
            for file in SQLFiles.find(under: folder, extension: "py") {
                let relative = SQLFiles.relative(file, to: root)
                notices.append("\(relative): lake does not run Python models; '\(((relative as NSString).lastPathComponent as NSString).deletingPathExtension)' is not built")
            }
            for file in try SQLTemplateFile.read(under: folder, root: root, lenientUndefined: settings.lenientUndefined, keepingSyntaxErrors: true) {
                if let other = seen[file.name] { throw ProjectError("two models are named '\(file.name)': \(other) and \(file.path)") }
                seen[file.name] = file.path
                read(docsOf: file.template, package: settings.name)
                var model = ModelFile(name: file.name, path: file.path, folders: file.folders, template: file.template)
                model.syntaxError = file.syntaxError
                models.append(model)
            }
        }
        // `{% docs %}` blocks in Markdown files under the docs paths (dbt's `docs-paths`, by default
        // every other folder of the project), a package's under its own.
        let docsFolders = (settings.docsPaths ?? settings.modelPaths + settings.seedPaths + settings.testPaths + settings.macroPaths + settings.snapshotPaths)
            .map { ((root as NSString).appendingPathComponent($0), settings.name) }
            + packages.flatMap { package in package.docsPaths.map { ("\(root)/\(package.folder)/\($0)", package.name) } }
        for (folder, package) in Dictionary(docsFolders, uniquingKeysWith: { first, _ in first }).sorted(by: { $0.key < $1.key }) {
            for file in SQLFiles.find(under: folder, extension: "md") {
                read(docsOf: try Template(name: SQLFiles.relative(file, to: root), text: String(contentsOfFile: file, encoding: .utf8)), package: package)
            }
        }
        // A package's models, named by the package (model.<package>.<name>); a name the root
        // project already uses is an error, as in dbt (ref() could not tell them apart).
        for package in packages {
            for modelPath in package.modelPaths {
                let folder = "\(root)/\(package.folder)/\(modelPath)"
                for file in try SQLTemplateFile.read(under: folder, root: root, lenientUndefined: true, keepingSyntaxErrors: true) {
                    if let other = seen[file.name] { throw ProjectError("two models are named '\(file.name)': \(other) and \(file.path)") }
                    seen[file.name] = file.path
                    read(docsOf: file.template, package: package.name)
                    var model = ModelFile(name: file.name, path: file.path, folders: file.folders, template: file.template)
                    model.package = package.name
                    model.syntaxError = file.syntaxError
                    models.append(model)
                }
            }
        }
        var snapshots: [SnapshotFile] = []
        for snapshotPath in settings.snapshotPaths {
            let folder = (root as NSString).appendingPathComponent(snapshotPath)
            for file in try SQLTemplateFile.read(under: folder, root: root, lenientUndefined: settings.lenientUndefined) {
                for body in file.template.snapshots {
                    if let other = seen[body.name] { throw ProjectError("a snapshot and a model (or two snapshots) are named '\(body.name)': \(other) and \(file.path)") }
                    seen[body.name] = file.path
                    snapshots.append(SnapshotFile(name: body.name, path: file.path, folders: file.folders, body: body))
                }
            }
        }
        // Snapshots declared in YAML select everything from their `relation:`; the schema files are
        // read below, so these are added once they are.
        var seeds: [SeedFile] = []
        // Package seeds the project files disable: no nodes, but configuration paths that name them are used.
        var disabledSeeds: [SeedFile] = []
        // The root project's seeds, then each package's (named by the package, as their models are).
        let seedFolders = settings.seedPaths.map { ((root as NSString).appendingPathComponent($0), nil as String?) }
            + packages.flatMap { package in package.seedPaths.map { ("\(root)/\(package.folder)/\($0)", Optional(package.name)) } }
        for (folder, package) in seedFolders {
            for file in SQLFiles.find(under: folder, extension: "csv") {
                let relative = SQLFiles.relative(file, to: root)
                let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
                let seed = SeedFile(name: name, path: relative,
                                    folders: Array(SQLFiles.relative(file, to: folder).split(separator: "/").dropLast().map(String.init)),
                                    package: package)
                // A package's seed the project files disable is no node (dbt_project_evaluator's
                // integration project replaces the package's exceptions seed with its own so).
                if package != nil, !Self.seedConfig(seed, settings: settings, packages: packages).enabled {
                    disabledSeeds.append(seed)
                    continue
                }
                if let other = seen[name] { throw ProjectError("a seed and a model (or two seeds) are named '\(name)': \(other) and \(relative)") }
                seen[name] = relative
                seeds.append(seed)
            }
        }
        // Schema files: the root project's, and those beside a package's models, seeds and macros
        // (their tests, sources and properties; a macro's properties), each folder once.
        var schemaFolders: [(folder: String, package: String?)] = []
        var seenFolders: Set<String> = []
        func addSchemaFolder(_ folder: String, _ package: String?) {
            if seenFolders.insert((folder as NSString).standardizingPath).inserted { schemaFolders.append((folder, package)) }
        }
        // As dbt, property files under the test paths too (tests declared beside the singular tests).
        for path in settings.modelPaths + settings.seedPaths + settings.snapshotPaths + settings.macroPaths + settings.testPaths {
            addSchemaFolder((root as NSString).appendingPathComponent(path), nil)
        }
        for package in packages {
            for path in package.modelPaths + package.seedPaths + package.macroPaths + package.testPaths {
                addSchemaFolder("\(root)/\(package.folder)/\(path)", package.name)
            }
        }
        for (folder, package) in schemaFolders {
            schema.package = package
            for file in SQLFiles.find(under: folder, extension: "yml") + SQLFiles.find(under: folder, extension: "yaml") {
                // The folders between the model path and the file: part of a source's fqn, as in dbt.
                schema.folders = Array(SQLFiles.relative(file, to: folder).split(separator: "/").dropLast().map(String.init))
                try schema.read(YAMLDocument(path: file, displayName: SQLFiles.relative(file, to: root)))
            }
        }

        notices += schema.notices
        // Each version of a versioned model is defined in a file: `defined_in:`, else
        // <model>_v<version>, else (for the latest version only) <model> itself, as dbt looks.
        for declared in schema.modelVersions {
            let version = declared.version
            let candidates = declared.definedIn.map { [$0] } ?? [version.nodeName] + (version.version == version.latest ? [version.model] : [])
            guard let index = candidates.lazy.compactMap({ name in models.firstIndex { $0.name == name && $0.version == nil } }).first else {
                throw declared.document.error("version \(version.version) of model \(version.model) has no file: lake looked for "
                    + candidates.map { "\($0).sql" }.joined(separator: " and ") + " under the model paths", at: declared.node)
            }
            if let other = models.firstIndex(where: { $0.name == version.nodeName }), other != index {
                throw ProjectError("two models are named '\(version.nodeName)': \(models[other].path) and version \(version.version) of \(version.model) (\(models[index].path))")
            }
            models[index].name = version.nodeName
            models[index].version = version
        }
        for declared in schema.yamlSnapshots {
            if let other = seen[declared.name] { throw ProjectError("a snapshot and a model (or two snapshots) are named '\(declared.name)': \(other) and \(declared.path)") }
            seen[declared.name] = declared.path
            let text = "{% snapshot \(declared.name) %}select * from {{ \(declared.relation) }}{% endsnapshot %}"
            guard let body = try Template(name: "\(declared.path) (snapshot \(declared.name))", text: text, lenientUndefined: true).snapshots.first else { continue }
            snapshots.append(SnapshotFile(name: declared.name, path: declared.path, folders: [], body: body))
        }
        // dbt warns of every model past its deprecation_date, on every run.
        for model in models {
            guard let properties = schema.properties[model.name], properties.isPastDeprecationDate, let date = properties.deprecationDate else { continue }
            let name = model.version.map { "\($0.model).v\($0.version)" } ?? model.name
            notices.append("\(properties.file): model \(name) has passed its deprecation date of \(date). This model should be disabled or removed.")
        }
        // Every test's target must exist; the error points at the YAML that declared it.
        let nodeNames = Set(models.map(\.name) + seeds.map(\.name) + snapshots.map(\.name))
        let refNames = nodeNames.union(models.compactMap(\.version?.model))
        let sourceKeys = Set(schema.sources.map { "\($0.source).\($0.name)" })
        // Properties of a node that does not exist: dbt warns ("Did not find matching node for
        // patch") and drops them with their tests; so does lake, saying where they are.
        var orphaned: Set<String> = []
        for (name, (node, document)) in schema.propertyNodes.sorted(by: { $0.key < $1.key }) where !nodeNames.contains(name) {
            let hint = EditDistance.closest(to: name, among: Array(nodeNames)).map { " (did you mean '\($0)'?)" } ?? ""
            notices.append(document.warning("no model, seed or snapshot named '\(name)'\(hint): its properties and tests are ignored", at: node))
            orphaned.insert(name)
        }
        schema.tests.removeAll { test in
            if case .model(let name) = test.definition.attachedTo { return orphaned.contains(name) }
            return false
        }
        // A unit test of a versioned model tests each version (or those `versions:` includes, less
        // those it excludes), as `<name>_v<version>`, as dbt expands it.
        var tests: [TestDefinition] = []
        for definition in schema.tests.map(\.definition) {
            guard case .unit(let spec) = definition.kind, models.contains(where: { $0.version?.model == spec.model }) else {
                tests.append(definition)
                continue
            }
            let versions = models.compactMap(\.version).filter { $0.model == spec.model }
                .filter { spec.versionsIncluded?.contains($0.version) ?? true }.filter { !spec.versionsExcluded.contains($0.version) }
            guard !versions.isEmpty else {
                throw ProjectError("\(definition.path): unit test '\(spec.name)' referenced a version of '\(spec.model)' which was not found")
            }
            for version in versions.sorted(by: { ModelVersion.order($0.version, $1.version) == .orderedAscending }) {
                var versioned = spec
                versioned.name = "\(spec.name)_v\(version.version)"
                versioned.model = version.nodeName
                tests.append(TestDefinition(name: versioned.name, kind: .unit(versioned), attachedTo: .model(version.nodeName), column: nil,
                                            config: definition.config, path: definition.path))
            }
        }
        for (definition, node, document) in schema.tests {
            if case .generic(let testName, let arguments) = definition.kind {
                let builtIn = ["not_null", "unique", "accepted_values", "relationships"].contains(testName)
                if !builtIn && macros.genericTest(named: testName) == nil {
                    let known = ["not_null", "unique", "accepted_values", "relationships"] + macros.genericTestNames
                    let hint = EditDistance.closest(to: testName, among: known).map { " (did you mean '\($0)'?)" } ?? ""
                    throw document.error("no generic test named '\(testName)'\(hint); define it with {% test \(testName)(model, column_name) %}", at: node)
                }
                if testName == "relationships", let to = arguments.first(where: { $0.0 == "to" })?.1.stringValue {
                    if let (source, table) = RefText.source(to) {
                        guard sourceKeys.contains("\(source).\(table)") else { throw document.error("relationships: no source \(to)", at: node) }
                    } else if !refNames.contains(RefText.modelName(to)) {
                        throw document.error("relationships: \(to) names no model or seed", at: node)
                    }
                }
            }
        }
        for testPath in settings.testPaths {
            let folder = (root as NSString).appendingPathComponent(testPath)
            for file in try SQLTemplateFile.read(under: folder, root: root, lenientUndefined: settings.lenientUndefined)
            where file.folders.first != "generic" && file.folders.first != "fixtures" {
                var singular = TestDefinition(name: file.name, kind: .singular(template: file.template), attachedTo: nil, column: nil,
                                              config: settings.tests.resolve(folders: file.folders), path: file.path)
                singular.folders = file.folders
                tests.append(singular)
            }
        }
        // dbt's warning for configuration that applies to nothing (a misspelt folder keeps its defaults).
        let packageNames = Set(packages.map(\.name))
        var own = settings.models
        own.folders = own.folders.filter { !packageNames.contains($0.key) }
        var unused = own.unusedPaths(prefix: "models.\(settings.name)", resources: models.filter { $0.package == nil }.map { $0.folders + [$0.name] })
        for package in packages {
            guard let config = settings.models.folders[package.name] else { continue }
            unused += config.unusedPaths(prefix: "models.\(package.name)", resources: models.filter { $0.package == package.name }.map { $0.folders + [$0.name] })
        }
        var ownSeeds = settings.seeds
        ownSeeds.folders = ownSeeds.folders.filter { !packageNames.contains($0.key) }
        unused += ownSeeds.unusedPaths(prefix: "seeds.\(settings.name)", resources: seeds.filter { $0.package == nil }.map { $0.folders + [$0.name] })
        for package in packages {
            guard let config = settings.seeds.folders[package.name] else { continue }
            unused += config.unusedPaths(prefix: "seeds.\(package.name)", resources: (seeds + disabledSeeds).filter { $0.package == package.name }.map { $0.folders + [$0.name] })
        }
        unused += settings.snapshots.unusedPaths(prefix: "snapshots.\(settings.name)", resources: snapshots.map { $0.folders + [$0.name] })
        if !unused.isEmpty {
            notices.append("\(settings.file): configuration paths that apply to no resource (dbt's unused configuration paths): "
                + unused.joined(separator: ", "))
        }
        var properties = schema.properties
        for (name, var entry) in properties {
            entry.description = try DocText.render(entry.description, docs: docs, file: entry.file)
            entry.columns = try entry.columns.map {
                ColumnInfo(name: $0.name, description: try DocText.render($0.description, docs: docs, file: entry.file), dataType: $0.dataType,
                           constraints: $0.constraints)
            }
            properties[name] = entry
        }
        var project = Project(root: root, settings: settings, models: models, seeds: seeds, snapshots: snapshots, sources: schema.sources, tests: tests,
                              exposures: schema.exposures, savedQueries: schema.savedQueries, properties: properties, macros: macros, docs: docs, notices: notices)
        project.docLocations = docLocations
        project.groupDefinitions = schema.groupDefinitions.map {
            GroupDefinition(name: $0.name, package: $0.package ?? settings.name, file: $0.file, owner: $0.owner)
        }
        project.macroProperties = schema.macros.map { macro in
            var named = macro
            if named.package.isEmpty { named.package = settings.name }
            return named
        }
        return project
    }

    /// A model's configuration before its own `config()`: folders, then its YAML entry.
    public func baseConfig(of model: ModelFile) -> NodeConfig {
        var config = modelConfig(package: model.package, at: model.folders + [model.name])
        config.merge(properties[model.name]?.config ?? [])
        return config
    }

    /// What the project files configure for a model at `path` (its folders and name) of `package`
    /// (nil: the root project's): a package's own configuration, then the root project's
    /// project-wide one and the root's for that package over it. dbt parses an on-run hook as a
    /// model at `hooks/<name>` of its package.
    public func modelConfig(package: String?, at path: [String]) -> NodeConfig {
        guard let name = package, name != settings.name else { return settings.models.resolve(folders: path) }
        var config = macros.packages.first { $0.name == name }?.models.resolve(folders: path) ?? NodeConfig()
        config.merge(settings.rootWideModels)
        if let rootLevel = settings.models.folders[name] { config.merge(rootLevel.resolve(folders: path).pairs) }
        return config
    }

    /// A seed's configuration from the project files. dbt_project.yml may configure one seed by
    /// its name, e.g. its `+column_types`; a package's seed takes the package's configuration,
    /// then the root project's for the package.
    static func seedConfig(_ seed: SeedFile, settings: ProjectSettings, packages: [InstalledPackage]) -> NodeConfig {
        guard let name = seed.package else { return settings.seeds.resolve(folders: seed.folders + [seed.name]) }
        var config = packages.first { $0.name == name }?.seeds.resolve(folders: seed.folders + [seed.name]) ?? NodeConfig()
        config.merge(settings.rootWideSeeds)
        if let rootLevel = settings.seeds.folders[name] { config.merge(rootLevel.resolve(folders: seed.folders + [seed.name]).pairs) }
        return config
    }

    /// A data test's configuration from the project files: the root project's for every test,
    /// then for a package's test the root project's under the package's name (dbt_project_evaluator's
    /// integration project disables the package's own tests so).
    public func testConfig(package: String?) -> NodeConfig {
        var config = settings.tests.resolve(folders: [])
        if let name = package, name != settings.name, let rootLevel = settings.tests.folders[name] { config.merge(rootLevel.resolve(folders: []).pairs) }
        return config
    }

    /// The folder an installed package is in (from the project root); nil for the root project.
    public func packageFolder(_ package: String) -> String? {
        macros.packages.first { $0.name == package }?.folder
    }

    /// A file of `package` as dbt names it: relative to the package's own folder (a root project's
    /// files are relative to the root already).
    public func packageRelative(_ file: String, package: String) -> String {
        packageFolder(package).map { SQLFiles.relative(file, to: $0) } ?? file
    }

    public func baseConfig(of snapshot: SnapshotFile) -> NodeConfig {
        var config = settings.snapshots.resolve(folders: snapshot.folders + [snapshot.name])
        config.merge(properties[snapshot.name]?.config ?? [])
        return config
    }

    public func baseConfig(of seed: SeedFile) -> NodeConfig {
        var config = Self.seedConfig(seed, settings: settings, packages: macros.packages)
        config.merge(properties[seed.name]?.config ?? [])
        if config["materialized"] == nil { config.merge([("materialized", .string("seed"))]) }
        return config
    }

    /// The absolute path of a project-relative one.
    public func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (root as NSString).appendingPathComponent(relative)
    }
}
