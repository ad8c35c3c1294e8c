import Foundation
import Testing
@testable import LakeProject

/// A project's files are found through symbolic links, as dbt's walk (os.walk with followlinks)
/// finds them: a `models/` linked from a shared checkout is a project's models, not an empty folder.
@Suite struct SQLFilesTests {
    @Test func linkedFoldersAndFilesAreWalkedOnceEach() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-sql-files-\(UUID().uuidString)").path
        let manager = FileManager.default
        defer { try? manager.removeItem(atPath: root) }
        try manager.createDirectory(atPath: root + "/shared/marts", withIntermediateDirectories: true)
        try manager.createDirectory(atPath: root + "/project", withIntermediateDirectories: true)
        for file in ["shared/a.sql", "shared/marts/b.sql", "shared/notes.md"] { try "select 1".write(toFile: root + "/" + file, atomically: true, encoding: .utf8) }
        try manager.createSymbolicLink(atPath: root + "/project/models", withDestinationPath: root + "/shared")
        try manager.createSymbolicLink(atPath: root + "/shared/marts/c.sql", withDestinationPath: root + "/shared/a.sql")
        // A link back up would walk forever.
        try manager.createSymbolicLink(atPath: root + "/shared/marts/up", withDestinationPath: root + "/shared")

        let found = SQLFiles.find(under: root + "/project/models").map { SQLFiles.relative($0, to: root + "/project") }
        #expect(found == ["models/a.sql", "models/marts/b.sql", "models/marts/c.sql"])
        #expect(SQLFiles.find(under: root + "/project/missing").isEmpty)
    }
}
