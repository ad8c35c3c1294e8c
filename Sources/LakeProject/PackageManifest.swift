import Foundation
import LakeTemplates
import LakeYAML
import TextSupport

/// A project's `packages.yml` (or `dependencies.yml`): the packages it needs, as dbt lists them.
public struct PackageManifest: Sendable {
    public enum Source: Sendable, Equatable {
        /// `local: ../path` (relative to the project).
        case local(path: String)
        /// `git: url`, at `revision` (a tag, branch or commit; nil: the default branch), from `subdirectory`.
        case git(url: String, revision: String?, subdirectory: String?)
        /// `package: dbt-labs/dbt_utils` from dbt's package hub, with its `version:` range.
        case hub(name: String, version: String)
        /// `tarball: url` with its `name:`.
        case tarball(url: String, name: String)
    }

    public struct Entry: Sendable, Equatable {
        public let source: Source
        /// Where it is declared: `packages.yml:3`.
        public let location: String
        /// The entry as written (dbt keeps it, unrendered, in the hash that keys its lock file).
        public var written: JSONValue = .object([])

        /// How the entry reads in messages.
        public var label: String {
            switch source {
            case .local(let path): "local: \(path)"
            case .git(let url, let revision, _): "git: \(url)" + (revision.map { " @ \($0)" } ?? "")
            case .hub(let name, let version): "package: \(name)" + (version.isEmpty ? "" : " (\(version))")
            case .tarball(let url, _): "tarball: \(url)"
            }
        }

        /// The name of the installed folder dbt would look for, when the entry says it without
        /// installing (a hub package's name after the slash, a tarball's `name:`).
        public var expectedName: String? {
            switch source {
            case .hub(let name, _): name.split(separator: "/").last.map(String.init)
            case .tarball(_, let name): name
            case .local(let path): (path as NSString).lastPathComponent
            case .git(let url, _, let subdirectory):
                ((subdirectory ?? url) as NSString).lastPathComponent.replacingOccurrences(of: ".git", with: "")
            }
        }
    }

    /// The file it came from (`packages.yml`, `dependencies.yml`), nil when the project has none.
    public let file: String?
    public let entries: [Entry]

    static let files = ["packages.yml", "dependencies.yml"]

    /// Reads the project's packages.yml, else dependencies.yml; none is an empty manifest.
    public static func load(root: String) throws -> PackageManifest {
        guard let file = files.first(where: { FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent($0)) }) else {
            return PackageManifest(file: nil, entries: [])
        }
        return try read(YAMLDocument(path: (root as NSString).appendingPathComponent(file), displayName: file))
    }

    /// The `packages:` list of a packages.yml, dependencies.yml or package-lock.yml.
    static func read(_ document: YAMLDocument) throws -> PackageManifest {
        let file = document.path
        guard let top = document.root, let list = top["packages"] else { return PackageManifest(file: file, entries: []) }
        var entries: [Entry] = []
        for item in try document.list(list, what: "packages") {
            var fields: [String: String] = [:]
            for (key, value, keyNode) in try document.mapping(item, what: "package entry") {
                switch key {
                case "local", "git", "package", "tarball", "revision", "subdirectory", "name":
                    fields[key] = try document.string(value, what: key)
                case "version":
                    fields[key] = value.text ?? (try? document.strings(value, what: "version"))?.joined(separator: ", ") ?? ""
                case "warn-unpinned", "install-prerelease": break
                default:
                    throw document.error("unknown key '\(key)' in a package entry (lake reads local, git, revision, subdirectory, "
                        + "package, version, tarball, name)", at: keyNode)
                }
            }
            let source: Source
            if let path = fields["local"] {
                source = .local(path: path)
            } else if let url = fields["git"] {
                source = .git(url: url, revision: fields["revision"], subdirectory: fields["subdirectory"])
            } else if let name = fields["package"] {
                source = .hub(name: name, version: fields["version"] ?? "")
            } else if let url = fields["tarball"] {
                guard let name = fields["name"] else { throw document.error("a tarball package needs a `name:`", at: item) }
                source = .tarball(url: url, name: name)
            } else {
                throw document.error("a package entry needs one of local:, git:, package: or tarball:", at: item)
            }
            entries.append(Entry(source: source, location: "\(file):\(item.line)", written: item.json))
        }
        return PackageManifest(file: file, entries: entries)
    }

    /// dbt's key for the lock file made from this manifest (`sha1_hash` in package-lock.yml): the
    /// SHA-1 of each entry's package spec as Python's `json.dumps(sort_keys=True)` writes it,
    /// sorted, one per line. Spec fields dbt fills in when the entry leaves them out are filled in
    /// the same way, so a lock `dbt deps` wrote matches here and one lake writes matches in dbt.
    public var lockHash: String {
        let specs = entries.map { entry -> JSONValue in
            var fields: [(String, JSONValue)] = [("unrendered", entry.written)]
            func field(_ key: String, _ written: String? = nil, default value: JSONValue = .null) {
                fields.append((key, entry.written[written ?? key] ?? value))
            }
            switch entry.source {
            case .local: field("local")
            case .git: field("git"); field("revision"); field("subdirectory"); field("warn-unpinned")
            case .hub: field("package"); field("version"); field("install_prerelease", "install-prerelease", default: .bool(false))
            case .tarball: field("tarball"); field("name")
            }
            if case .tarball = entry.source {} else if let name = entry.written["name"] { fields.append(("name", name)) }
            return .object(fields)
        }
        return SHA1.hex(specs.map { JSONWriter.write($0, sortKeys: true) }.sorted().joined(separator: "\n"))
    }

    /// The `name:` in a local package's dbt_project.yml, nil when there is none to read.
    static func localProjectName(root: String, path: String) -> String? {
        let file = ((root as NSString).appendingPathComponent(path) as NSString).appendingPathComponent("dbt_project.yml")
        guard let text = try? String(contentsOfFile: file, encoding: .utf8), let document = try? YAMLParser.parse(text, file: file),
              case .object(let pairs) = document.json else { return nil }
        return pairs.first { $0.0 == "name" }?.1.stringValue
    }

    /// Lines for the packages the manifest lists and the install folder lacks. A package is
    /// installed under its project's name, which a git URL does not say: the lock file's `name:`
    /// for that URL says it, else the repository's name is tried as dbt packages are usually named
    /// (`dbt-audit-helper` → `audit_helper`).
    static func notices(root: String, settings: ProjectSettings, installed: [InstalledPackage]) -> [String] {
        guard let manifest = try? load(root: root) else { return [] }
        let names = Set(installed.map(\.name) + installed.map { ($0.folder as NSString).lastPathComponent })
        let locked = (try? PackageLock.load(root: root))??.entries ?? []
        return manifest.entries.compactMap { entry in
            guard let expected = entry.expectedName else { return nil }
            var candidates = [expected]
            if case .git(let url, _, _) = entry.source {
                let underscored = expected.replacingOccurrences(of: "-", with: "_")
                candidates += [underscored, underscored.hasPrefix("dbt_") ? String(underscored.dropFirst(4)) : underscored]
                for lockedEntry in locked {
                    if case .git(url, _, _) = lockedEntry.source, let name = lockedEntry.written["name"]?.stringValue { candidates.append(name) }
                }
            }
            if let name = entry.written["name"]?.stringValue { candidates.append(name) }
            // A local package is installed under its own project's name (`local: ../` is the
            // parent folder's dbt_project.yml `name:`).
            if case .local(let path) = entry.source, let name = localProjectName(root: root, path: path) { candidates.append(name) }
            guard !candidates.contains(where: names.contains) else { return nil }
            return "\(entry.location): \(entry.label) is not installed in \(settings.packagesInstallPath)/: run `lake deps`"
        }
    }
}
