import Foundation

/// `lake deps`: installs the packages `packages.yml` (or `dependencies.yml`) lists into the
/// project's `dbt_packages/`, as `dbt deps` does, and the packages those packages list in turn.
///
/// - `local: path` becomes a symbolic link to the folder (dbt links it too), named by its project.
/// - `git: url` (with `revision:` a tag, branch or commit, and `subdirectory:`) is cloned with the
///   system's `git` and copied in; the commit it resolved to is reported.
/// - `package:` (dbt's package hub) and `tarball:` entries need dbt's hub or a download, which lake
///   does not reach: an installed copy (from `dbt deps`) is kept and said so, a missing one is an
///   error that says how to list it instead.
public struct PackageInstaller {
    public struct Outcome: Sendable {
        /// One line per package: what was installed, kept or could not be.
        public var lines: [String] = []
        public var failed = false
    }

    let root: String
    let installPath: String

    public init(root: String, installPath: String) {
        self.root = root
        self.installPath = installPath
    }

    private var installFolder: String { (root as NSString).appendingPathComponent(installPath) }

    public func install() throws -> Outcome {
        var outcome = Outcome()
        let manifest = try PackageManifest.load(root: root)
        guard !manifest.entries.isEmpty else {
            outcome.lines.append(manifest.file.map { "\($0) lists no packages: nothing to install." }
                                 ?? "No packages.yml or dependencies.yml in \(root): nothing to install.")
            return outcome
        }
        try FileManager.default.createDirectory(atPath: installFolder, withIntermediateDirectories: true)
        var installed: Set<String> = []
        var pending = manifest.entries.map { (entry: $0, base: root) }
        while !pending.isEmpty {
            let (entry, base) = pending.removeFirst()
            do {
                guard let (name, folder, note) = try installOne(entry, relativeTo: base, skipping: installed) else { continue }
                installed.insert(name)
                outcome.lines.append("\(name): \(note)")
                // A package's own packages come next, relative to it.
                let nested = try PackageManifest.load(root: folder)
                pending += nested.entries.map { (entry: $0, base: folder) }
            } catch let failure as InstallFailure {
                outcome.lines.append("\(entry.location): \(entry.label): \(failure.message)")
                outcome.failed = true
            }
        }
        return outcome
    }

    struct InstallFailure: Error { let message: String }

    /// Installs `entry`; nil when a package of that name is already installed by this run.
    private func installOne(_ entry: PackageManifest.Entry, relativeTo base: String,
                            skipping installed: Set<String>) throws -> (name: String, folder: String, note: String)? {
        switch entry.source {
        case .local(let path):
            let source = ((path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)) as NSString).standardizingPath
            let name = try projectName(in: source)
            if installed.contains(name) { return nil }
            let target = "\(installFolder)/\(name)"
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) == source { return (name, source, "linked to \(source) (unchanged)") }
            try? FileManager.default.removeItem(atPath: target)
            // A package inside the install folder itself is already where it belongs.
            if source == target { return (name, source, "installed in place") }
            try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: source)
            return (name, source, "linked to \(source)")
        case .git(let url, let revision, let subdirectory):
            let scratch = "\(installFolder)/.lake-deps-\(getpid())-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try git(["clone", "--quiet", url, scratch], describing: "clone \(url)")
            if let revision { try git(["-C", scratch, "checkout", "--quiet", revision], describing: "check out '\(revision)' of \(url)") }
            let commit = try git(["-C", scratch, "rev-parse", "HEAD"], describing: "read the commit of \(url)").trimmingCharacters(in: .whitespacesAndNewlines)
            let source = subdirectory.map { "\(scratch)/\($0)" } ?? scratch
            let name = try projectName(in: source)
            if installed.contains(name) { return nil }
            let target = "\(installFolder)/\(name)"
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.moveItem(atPath: source, toPath: target)
            try? FileManager.default.removeItem(atPath: "\(target)/.git")
            let pinned = revision.map { " (\($0))" } ?? " (no revision: the default branch; pin one with `revision:`)"
            return (name, target, "installed from \(url) at \(commit.prefix(12))\(pinned)")
        case .hub, .tarball:
            let hint: String
            if case .hub(let name, _) = entry.source {
                hint = "it comes from dbt's package hub, which lake deps does not reach; list its git repository instead "
                    + "(git: <url>, revision: <tag>) or install it with `dbt deps`"
                if let expected = entry.expectedName, FileManager.default.fileExists(atPath: "\(installFolder)/\(expected)/dbt_project.yml") {
                    return installed.contains(expected) ? nil : (expected, "\(installFolder)/\(expected)", "kept the copy already in \(installPath)/ (\(name), installed by dbt deps)")
                }
            } else {
                hint = "lake deps does not download tarballs; unpack it into \(installPath)/ or list its git repository"
                if let expected = entry.expectedName, FileManager.default.fileExists(atPath: "\(installFolder)/\(expected)/dbt_project.yml") {
                    return installed.contains(expected) ? nil : (expected, "\(installFolder)/\(expected)", "kept the copy already in \(installPath)/")
                }
            }
            throw InstallFailure(message: "not installed: \(hint)")
        }
    }

    private func projectName(in folder: String) throws -> String {
        guard FileManager.default.fileExists(atPath: "\(folder)/dbt_project.yml") else {
            throw InstallFailure(message: "\(folder) has no dbt_project.yml, so it is no dbt package")
        }
        return try ProjectSettings.packageName(at: "\(folder)/dbt_project.yml")
    }

    /// Runs git; its own error, and what lake was doing, when it fails.
    @discardableResult
    private func git(_ arguments: [String], describing action: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(["GIT_TERMINAL_PROMPT": "0"]) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw InstallFailure(message: "git is needed to \(action), and it could not be started: \(error)") }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InstallFailure(message: "git could not \(action): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return text
    }
}
