import Foundation
import Testing
@testable import LakeProject

/// `lake deps` on packages.yml entries of every kind, with a real git repository on disk.
@Suite struct PackageInstallerTests {
    /// A folder with a dbt project named `name` whose macro `hello()` renders `value`.
    private func package(_ folder: String, name: String, value: String, packagesYAML: String? = nil) throws {
        try FileManager.default.createDirectory(atPath: folder + "/macros", withIntermediateDirectories: true)
        try "name: \(name)\nversion: '1.0'\nconfig-version: 2\n".write(toFile: folder + "/dbt_project.yml", atomically: true, encoding: .utf8)
        try "{% macro hello() %}\(value){% endmacro %}".write(toFile: folder + "/macros/hello.sql", atomically: true, encoding: .utf8)
        if let packagesYAML { try packagesYAML.write(toFile: folder + "/packages.yml", atomically: true, encoding: .utf8) }
    }

    @discardableResult
    private func git(_ arguments: String..., in folder: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.email=lake@example.invalid", "-c", "user.name=lake"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func installsLocalAndGitPackagesAndTheirOwn() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lake-deps-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        // A git package whose tag v1 says 'v1' and whose newest commit says 'v2'.
        try package(base + "/git_pkg", name: "git_pkg", value: "'v1'")
        try git("init", "-q", in: base + "/git_pkg")
        try git("add", "-A", in: base + "/git_pkg")
        try git("commit", "-qm", "one", in: base + "/git_pkg")
        try git("tag", "v1", in: base + "/git_pkg")
        try "{% macro hello() %}'v2'{% endmacro %}".write(toFile: base + "/git_pkg/macros/hello.sql", atomically: true, encoding: .utf8)
        try git("commit", "-qam", "two", in: base + "/git_pkg")
        // A local package that needs the git one.
        try package(base + "/local_pkg", name: "local_pkg", value: "'local'",
                    packagesYAML: "packages:\n  - git: \(base)/git_pkg\n    revision: v1\n")
        let project = base + "/project"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        try "packages:\n  - local: ../local_pkg\n  - package: dbt-labs/dbt_utils\n    version: [\">=1.0.0\", \"<2.0.0\"]\n"
            .write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)

        let outcome = try PackageInstaller(root: project, installPath: "dbt_packages").install()
        #expect(outcome.failed, "the hub package cannot be installed here")
        #expect(outcome.lines.contains("local_pkg: linked to \(base)/local_pkg"))
        #expect(outcome.lines.contains { $0.hasPrefix("git_pkg: installed from \(base)/git_pkg at ") && $0.hasSuffix("(v1)") })
        #expect(outcome.lines.contains { $0.hasPrefix("packages.yml:3: package: dbt-labs/dbt_utils") && $0.contains("dbt's package hub") })
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: project + "/dbt_packages/local_pkg") == base + "/local_pkg")
        // The tagged commit, not the newest, and no .git left behind.
        #expect(try String(contentsOfFile: project + "/dbt_packages/git_pkg/macros/hello.sql", encoding: .utf8).contains("'v1'"))
        #expect(!FileManager.default.fileExists(atPath: project + "/dbt_packages/git_pkg/.git"))
        let installed = try InstalledPackage.find(root: project, installPath: "dbt_packages").map(\.name)
        #expect(installed == ["git_pkg", "local_pkg"])

        // Again: the link is unchanged; a revision that does not exist is git's error, named.
        try "packages:\n  - local: ../local_pkg\n  - git: \(base)/git_pkg\n    revision: v9\n".write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)
        let again = try PackageInstaller(root: project, installPath: "dbt_packages").install()
        #expect(again.lines.first == "local_pkg: linked to \(base)/local_pkg (unchanged)")
        #expect(again.lines.contains { $0.hasPrefix("packages.yml:3: git: \(base)/git_pkg @ v9: git could not check out 'v9'") })
        #expect(again.failed)
    }

    @Test func aProjectWithoutPackagesInstallsNothing() throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("lake-deps-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: project) }
        let outcome = try PackageInstaller(root: project, installPath: "dbt_packages").install()
        #expect(!outcome.failed)
        #expect(outcome.lines == ["No packages.yml or dependencies.yml in \(project): nothing to install."])
    }

    /// A git package pinned by branch: the lock records the commit the branch pointed to, and while
    /// packages.yml is unchanged `lake deps` installs that commit though the branch has moved on;
    /// `--upgrade`, or a changed packages.yml, resolves again and rewrites the lock.
    @Test func theLockFilePinsWhatWasInstalled() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("lake-lock-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try package(base + "/git_pkg", name: "git_pkg", value: "'one'")
        try git("init", "-q", "-b", "main", in: base + "/git_pkg")
        try git("add", "-A", in: base + "/git_pkg")
        try git("commit", "-qm", "one", in: base + "/git_pkg")
        let project = base + "/project"
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        try "packages:\n  - git: \(base)/git_pkg\n    revision: main\n".write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)
        let installer = PackageInstaller(root: project, installPath: "dbt_packages")
        let macro = project + "/dbt_packages/git_pkg/macros/hello.sql"

        let first = try installer.install()
        #expect(!first.failed)
        #expect(first.lines.last == "Wrote package-lock.yml.")
        let commit = try String(contentsOfFile: base + "/git_pkg/.git/refs/heads/main", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let manifest = try PackageManifest.load(root: project)
        #expect(try String(contentsOfFile: project + "/package-lock.yml", encoding: .utf8) == """
            packages:
              - git: \(base)/git_pkg
                name: git_pkg
                revision: \(commit.first!.isLetter ? commit : "'\(commit)'")
            sha1_hash: \(manifest.lockHash)

            """)

        try "{% macro hello() %}'two'{% endmacro %}".write(toFile: base + "/git_pkg/macros/hello.sql", atomically: true, encoding: .utf8)
        try git("commit", "-qam", "two", in: base + "/git_pkg")
        let pinned = try installer.install()
        #expect(pinned.lines.first == "package-lock.yml matches packages.yml: installing what it pins (`lake deps --upgrade` resolves again).")
        #expect(try String(contentsOfFile: macro, encoding: .utf8).contains("'one'"))

        let upgraded = try installer.install(upgrade: true)
        #expect(upgraded.lines.last == "Wrote package-lock.yml.")
        #expect(try String(contentsOfFile: macro, encoding: .utf8).contains("'two'"))
        #expect(try !String(contentsOfFile: project + "/package-lock.yml", encoding: .utf8).contains(commit))

        try "packages:\n  - git: \(base)/git_pkg\n    revision: main\n    warn-unpinned: false\n".write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)
        #expect(try installer.install().lines.first == "packages.yml changed since package-lock.yml was written: resolving the packages again.")
    }

    /// The key of the lock: dbt-core 1.10.23's `_create_sha1_hash` gave this value for this
    /// packages.yml (every kind of entry, a version range, a flag), computed in a scratch venv.
    @Test func theLockKeyIsDbts() throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("lake-lockkey-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: project, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: project) }
        try """
            packages:
              - local: ../fleet_utils
              - git: "https://github.com/dbt-labs/dbt-utils.git"
                revision: 1.3.0
              - git: https://example.com/x.git
                subdirectory: sub
                warn-unpinned: false
              - package: dbt-labs/dbt_utils
                version: [">=1.0.0", "<2.0.0"]
              - package: calogica/dbt_date
                version: 0.10.0
              - tarball: https://example.com/t.tgz
                name: tpkg

            """.write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)
        #expect(try PackageManifest.load(root: project).lockHash == "e08112847c8dedf68fc5ff2a271e892ccfaeb644")
    }

    /// A git package is installed under its project's name, which its URL does not say: the
    /// repository `dbt-audit-helper` installed as `audit_helper` (as dbt deps installs it) is no
    /// missing package.
    @Test func aGitPackageInstalledUnderItsProjectNameIsNotMissing() throws {
        let project = FileManager.default.temporaryDirectory.appendingPathComponent("lake-gitname-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: project) }
        try package(project + "/dbt_packages/audit_helper", name: "audit_helper", value: "1")
        try "name: p\nversion: '1.0'\nprofile: p\n".write(toFile: project + "/dbt_project.yml", atomically: true, encoding: .utf8)
        try "packages:\n  - git: https://github.com/dbt-labs/dbt-audit-helper.git\n    revision: 0.11.0\n  - git: https://example.com/absent-pkg.git\n"
            .write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)
        let installed = try InstalledPackage.find(root: project, installPath: "dbt_packages")
        let settings = ProjectSettings(name: "p")
        #expect(PackageManifest.notices(root: project, settings: settings, installed: installed)
                == ["packages.yml:4: git: https://example.com/absent-pkg.git is not installed in dbt_packages/: run `lake deps`"])
    }

    /// A local package is installed under its own project's name: `local: ../` (a package's
    /// integration project, as dbt_project_evaluator's) installed as the parent's name is no
    /// missing package; a local path with no project there still is.
    @Test func aLocalPackageInstalledUnderItsProjectNameIsNotMissing() throws {
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("lake-localname-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let project = parent + "/integration_tests"
        try package(parent, name: "evaluator", value: "1")
        try package(project + "/dbt_packages/evaluator", name: "evaluator", value: "1")
        try "name: p\nversion: '1.0'\nprofile: p\n".write(toFile: project + "/dbt_project.yml", atomically: true, encoding: .utf8)
        try "packages:\n  - local: ../\n  - local: vendor/absent\n".write(toFile: project + "/packages.yml", atomically: true, encoding: .utf8)
        let installed = try InstalledPackage.find(root: project, installPath: "dbt_packages")
        #expect(PackageManifest.notices(root: project, settings: ProjectSettings(name: "p"), installed: installed)
                == ["packages.yml:3: local: vendor/absent is not installed in dbt_packages/: run `lake deps`"])
    }
}
