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
///
/// As dbt does, it records what it installed in `package-lock.yml` (a git package at the commit its
/// revision resolved to) and, while that lock still matches packages.yml, installs what the lock
/// pins instead of resolving again; `upgrade` resolves again regardless.
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

    public func install(upgrade: Bool = false) throws -> Outcome {
        var outcome = Outcome()
        let manifest = try PackageManifest.load(root: root)
        guard !manifest.entries.isEmpty else {
            outcome.lines.append(manifest.file.map { "\($0) lists no packages: nothing to install." }
                                 ?? "No packages.yml or dependencies.yml in \(root): nothing to install.")
            return outcome
        }
        try FileManager.default.createDirectory(atPath: installFolder, withIntermediateDirectories: true)
        let lock = try PackageLock.load(root: root)
        let fromLock = !upgrade && lock != nil && lock?.hash == manifest.lockHash
        if fromLock {
            outcome.lines.append("\(PackageLock.file) matches \(manifest.file ?? "packages.yml"): installing what it pins (`lake deps --upgrade` resolves again).")
        } else if lock != nil, !upgrade {
            outcome.lines.append("\(manifest.file ?? "packages.yml") changed since \(PackageLock.file) was written: resolving the packages again.")
        }
        var installed: Set<String> = []
        var records: [PackageLock.Record] = []
        // The lock lists every package, its packages' included; packages.yml only the project's own.
        var pending = (fromLock ? lock?.entries ?? [] : manifest.entries).map { (entry: $0, base: root) }
        while !pending.isEmpty {
            let (entry, base) = pending.removeFirst()
            do {
                guard let package = try installOne(entry, relativeTo: base, skipping: installed) else { continue }
                installed.insert(package.name)
                records.append(package.record)
                outcome.lines.append("\(package.name): \(package.note)")
                // A package's own packages come next, relative to it.
                if !fromLock { pending += try PackageManifest.load(root: package.folder).entries.map { (entry: $0, base: package.folder) } }
            } catch let failure as InstallFailure {
                outcome.lines.append("\(entry.location): \(entry.label): \(failure.message)")
                outcome.failed = true
            }
        }
        if !fromLock {
            if outcome.failed {
                outcome.lines.append("\(PackageLock.file) not written: not every package was installed.")
            } else {
                try PackageLock.text(records, hash: manifest.lockHash)
                    .write(toFile: (root as NSString).appendingPathComponent(PackageLock.file), atomically: true, encoding: .utf8)
                outcome.lines.append("Wrote \(PackageLock.file).")
            }
        }
        return outcome
    }

    /// A package this run installed (or kept): its name, folder, what to say, and its lock record.
    struct Installed {
        let name: String
        let folder: String
        let note: String
        let record: PackageLock.Record
    }

    struct InstallFailure: Error { let message: String }

    /// Installs `entry`; nil when a package of that name is already installed by this run.
    private func installOne(_ entry: PackageManifest.Entry, relativeTo base: String, skipping installed: Set<String>) throws -> Installed? {
        switch entry.source {
        case .local(let path):
            let source = ((path.hasPrefix("/") ? path : (base as NSString).appendingPathComponent(path)) as NSString).standardizingPath
            let name = try projectName(in: source)
            if installed.contains(name) { return nil }
            let target = "\(installFolder)/\(name)"
            let record = PackageLock.Record(fields: [("local", base == root ? path : source), ("name", name)])
            if (try? FileManager.default.destinationOfSymbolicLink(atPath: target)) == source { return Installed(name: name, folder: source, note: "linked to \(source) (unchanged)", record: record) }
            try? FileManager.default.removeItem(atPath: target)
            // A package inside the install folder itself is already where it belongs.
            if source == target { return Installed(name: name, folder: source, note: "installed in place", record: record) }
            try FileManager.default.createSymbolicLink(atPath: target, withDestinationPath: source)
            return Installed(name: name, folder: source, note: "linked to \(source)", record: record)
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
            let record = PackageLock.Record(fields: [("git", url), ("name", name), ("revision", commit)] + (subdirectory.map { [("subdirectory", $0)] } ?? []))
            return Installed(name: name, folder: target, note: "installed from \(url) at \(commit.prefix(12))\(pinned)", record: record)
        case .hub, .tarball:
            let hint: String
            if case .hub(let name, _) = entry.source {
                hint = "it comes from dbt's package hub, which lake deps does not reach; list its git repository instead "
                    + "(git: <url>, revision: <tag>) or install it with `dbt deps`"
                if let expected = entry.expectedName, FileManager.default.fileExists(atPath: "\(installFolder)/\(expected)/dbt_project.yml") {
                    let version = (try? ProjectSettings.packageVersion(at: "\(installFolder)/\(expected)/dbt_project.yml")) ?? nil
                    let record = PackageLock.Record(fields: [("package", name), ("name", expected)] + (version.map { [("version", $0)] } ?? []))
                    return installed.contains(expected) ? nil : Installed(name: expected, folder: "\(installFolder)/\(expected)",
                        note: "kept the copy already in \(installPath)/ (\(name)\(version.map { " \($0)" } ?? ""), installed by dbt deps)", record: record)
                }
            } else {
                let url = if case .tarball(let url, _) = entry.source { url } else { "" }
                hint = "lake deps does not download tarballs; unpack it into \(installPath)/ or list its git repository"
                if let expected = entry.expectedName, FileManager.default.fileExists(atPath: "\(installFolder)/\(expected)/dbt_project.yml") {
                    return installed.contains(expected) ? nil : Installed(name: expected, folder: "\(installFolder)/\(expected)",
                        note: "kept the copy already in \(installPath)/", record: PackageLock.Record(fields: [("name", expected), ("tarball", url)]))
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
