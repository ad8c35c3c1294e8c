import Foundation
import Testing
@testable import LakeIngest

@Suite struct RawFileListingTests {
    /// A project folder holding `files` (each a one-line file), removed by the caller.
    static func tree(_ files: [String]) throws -> String {
        let root = NSTemporaryDirectory() + "listing-\(UUID().uuidString)"
        for file in files {
            try FileManager.default.createDirectory(atPath: (root + "/" + file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        return root
    }

    @Test func everyFileIsReadOrSaidNotToBe() throws {
        let root = try Self.tree(["data_raw/jobs.csv", "data_raw/jobs.csv.gz", "data_raw/JOBS.TAR.GZ", "data_raw/jobs.txt", "data_raw/jobs_other.csv",
                                  "data_raw/jobs/a.CSV", "data_raw/jobs/2020/07/b.csv.zst", "data_raw/jobs/.hidden.csv", "data_raw/jobs/notes.md",
                                  "data_raw/jobs/it's.csv", "data_raw/jobs/.snapshot/c.csv"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listing = RawFileListing(root: root, location: "data_raw/jobs")
        #expect(listing.candidates.map(\.file) == ["data_raw/JOBS.TAR.GZ", "data_raw/jobs.csv", "data_raw/jobs.csv.gz", "data_raw/jobs/2020/07/b.csv.zst",
                                                   "data_raw/jobs/a.CSV", "data_raw/jobs/it's.csv"])
        #expect(listing.candidates.map(\.container) == [.archive("tar.gz"), .plain, .compressed("gz"), .compressed("zst"), .plain, .plain])
        #expect(listing.notIngested.map(\.file) == ["data_raw/jobs.txt", "data_raw/jobs/.hidden.csv", "data_raw/jobs/.snapshot/c.csv", "data_raw/jobs/notes.md"])
        #expect(listing.notIngested.map(\.why).allSatisfy { $0 == "a hidden file" || $0 == "in a hidden folder" || $0.hasPrefix("not a CSV file") })
    }

    /// A link whose target is gone is said to be one, at the top and deep in a table's folder.
    @Test func aBrokenLinkIsSaidNotPassedOver() throws {
        let root = NSTemporaryDirectory() + "links-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/data_raw/jobs/2020", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/data_raw/jobs/2020/a.csv", withDestinationPath: "/nonexistent/a.csv")
        try FileManager.default.createSymbolicLink(atPath: root + "/data_raw/jobs.csv", withDestinationPath: "gone.csv")
        let listing = RawFileListing(root: root, location: "data_raw/jobs")
        #expect(listing.candidates.isEmpty)
        #expect(listing.notIngested.map(\.file) == ["data_raw/jobs.csv", "data_raw/jobs/2020/a.csv"])
        #expect(listing.notIngested.map(\.why) == ["a link to gone.csv, which cannot be read (No such file or directory)",
                                                   "a link to /nonexistent/a.csv, which cannot be read (No such file or directory)"])
    }

    /// Data files beside the tables' landing places that no table reads: each said once, with the
    /// table its name suggests; a README or a hidden file is not data.
    @Test func dataFilesNoTableReadsAreFound() throws {
        let root = try Self.tree(["data_raw/jobs.csv", "data_raw/jobs/a.csv", "data_raw/tasks.csv.gz", "data_raw/README.md", "data_raw/.hidden.csv",
                                  "data_raw/jobz/a.csv", "data_raw/jobz/b/c.csv.gz", "data_raw/jobs_2020-07.csv", "data_raw/labels.csv",
                                  "data_raw/notes/x.txt", "data_raw/TASKS/x.csv", "data_raw/tasks.bak/y.csv"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = UnclaimedRawFiles.find(root: root, locations: ["data_raw/jobs", "data_raw/tasks"])
        #expect(found == [
            .init(path: "data_raw/jobs_2020-07.csv", files: 1, stem: "jobs_2020-07", suggestion: "data_raw/jobs"),
            .init(path: "data_raw/jobz/", files: 2, stem: "jobz", suggestion: "data_raw/jobs"),
            .init(path: "data_raw/labels.csv", files: 1, stem: "labels", suggestion: nil),
        ])
    }

    /// The table's folder in another letter case is the table's folder: what the search for
    /// unclaimed files takes as claimed is what the listing reads. A folder named like a file of
    /// the table (tasks.bak/) is one entry, not walked.
    @Test func aFolderInAnyCaseIsTheTablesFolder() throws {
        let root = try Self.tree(["data_raw/TASKS/x.csv", "data_raw/Tasks/2020/y.csv", "data_raw/tasks.bak/z.csv"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let listing = RawFileListing(root: root, location: "data_raw/tasks")
        #expect(listing.candidates.map(\.file) == ["data_raw/TASKS/x.csv", "data_raw/Tasks/2020/y.csv"])
        #expect(listing.notIngested.map(\.file) == ["data_raw/tasks.bak"])
        #expect(UnclaimedRawFiles.find(root: root, locations: ["data_raw/tasks"]).isEmpty)
    }

    @Test func aFileIsKnownByItsBytesNotItsName() throws {
        let path = NSTemporaryDirectory() + "magic-\(UUID().uuidString).csv"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data([0x1F, 0x8B, 0x08, 0x00]).write(to: URL(fileURLWithPath: path))
        #expect(RawFileReader.container(of: path) == .compressed("gzip"))
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: path))
        #expect(RawFileReader.container(of: path) == .plain)
    }
}
