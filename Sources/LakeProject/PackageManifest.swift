import Foundation
import LakeYAML

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
        let document = try YAMLDocument(path: (root as NSString).appendingPathComponent(file), displayName: file)
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
            entries.append(Entry(source: source, location: "\(file):\(item.line)"))
        }
        return PackageManifest(file: file, entries: entries)
    }

    /// Lines for the packages the manifest lists and the install folder lacks.
    static func notices(root: String, settings: ProjectSettings, installed: [InstalledPackage]) -> [String] {
        guard let manifest = try? load(root: root) else { return [] }
        let names = Set(installed.map(\.name) + installed.map { ($0.folder as NSString).lastPathComponent })
        return manifest.entries.compactMap { entry in
            guard let expected = entry.expectedName, !names.contains(expected) else { return nil }
            return "\(entry.location): \(entry.label) is not installed in \(settings.packagesInstallPath)/: run `lake deps`"
        }
    }
}
