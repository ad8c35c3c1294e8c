import Foundation
import Testing
@testable import LakeDuckDB

/// An extension file's signature is checked once; a file that changed since is checked again, and
/// one that fails keeps DuckDB checking every load.
@Suite struct VerifiedExtensionsTests {
    final class Checked: @unchecked Sendable { var paths: [String] = [] }

    private func folder(with names: [String]) throws -> (TemporaryDirectory, [String]) {
        let folder = try TemporaryDirectory()
        let paths = names.map { folder.path($0) }
        for path in paths { try Data(repeating: 7, count: 600).write(to: URL(fileURLWithPath: path)) }
        return (folder, paths)
    }

    @Test func filesAreCheckedOnceThenTrustedWhileUnchanged() throws {
        let (folder, paths) = try folder(with: ["a.duckdb_extension", "b.duckdb_extension"])
        let checked = Checked()
        let first = VerifiedExtensions.options(installed: paths) { checked.paths.append($0); return true }
        #expect(first == ["allow_unsigned_extensions": "true"])
        #expect(checked.paths == paths)
        #expect(FileManager.default.fileExists(atPath: folder.path(VerifiedExtensions.recordName)))

        checked.paths = []
        #expect(VerifiedExtensions.options(installed: paths) { checked.paths.append($0); return true } == ["allow_unsigned_extensions": "true"])
        #expect(checked.paths.isEmpty, "an unchanged file is not checked again")

        // The same bytes written again are a change (mtime and ctime move): checked again, alone.
        try Data(repeating: 7, count: 600).write(to: URL(fileURLWithPath: paths[1]))
        #expect(VerifiedExtensions.options(installed: paths) { checked.paths.append($0); return true } == ["allow_unsigned_extensions": "true"])
        #expect(checked.paths == [paths[1]])
    }

    @Test func aFileThatFailsItsCheckKeepsDuckDBChecking() throws {
        let (directory, paths) = try folder(with: ["good.duckdb_extension", "new.duckdb_extension"])
        defer { withExtendedLifetime(directory) {} }
        #expect(VerifiedExtensions.options(installed: [paths[0]]) { _ in true } == ["allow_unsigned_extensions": "true"])
        // A new file beside a trusted one: checked, fails, and nothing is trusted.
        #expect(VerifiedExtensions.options(installed: paths) { $0 != paths[1] }.isEmpty)
        #expect(VerifiedExtensions.options(installed: paths) { $0 != paths[1] }.isEmpty, "a failure is never recorded")
    }

    @Test func nothingInstalledMeansNothingAllowed() {
        #expect(VerifiedExtensions.options(installed: []) { _ in true }.isEmpty)
    }

    @Test func dataThatIsNotASignedExtensionFailsDuckDBsCheck() throws {
        let (directory, paths) = try folder(with: ["fake.duckdb_extension"])
        defer { withExtendedLifetime(directory) {} }
        #expect(!VerifiedExtensions.signatureHolds(paths[0]))
    }

    @Test func theRecordNamesEachFileWithItsFingerprint() throws {
        let (folder, paths) = try folder(with: ["x.duckdb_extension"])
        let fingerprint = try #require(VerifiedExtensions.Fingerprint(path: paths[0]))
        let record = folder.path("record.tsv")
        VerifiedExtensions.writeRecord(["x.duckdb_extension": fingerprint], to: record)
        #expect(VerifiedExtensions.readRecord(record) == ["x.duckdb_extension": fingerprint])
        #expect(fingerprint.size == 600)
    }
}
