import Foundation
import Testing
@testable import LakeIngest

@Suite struct RawFileListingTests {
    @Test func everyFileIsReadOrSaidNotToBe() throws {
        let root = NSTemporaryDirectory() + "listing-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        for file in ["data_raw/jobs.csv", "data_raw/jobs.csv.gz", "data_raw/JOBS.TAR.GZ", "data_raw/jobs.txt", "data_raw/jobs_other.csv",
                     "data_raw/jobs/a.CSV", "data_raw/jobs/2020/07/b.csv.zst", "data_raw/jobs/.hidden.csv", "data_raw/jobs/notes.md",
                     "data_raw/jobs/it's.csv", "data_raw/jobs/.snapshot/c.csv"] {
            try FileManager.default.createDirectory(atPath: (root + "/" + file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("x\n".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        let listing = RawFileListing(root: root, location: "data_raw/jobs")
        #expect(listing.candidates.map(\.file) == ["data_raw/JOBS.TAR.GZ", "data_raw/jobs.csv", "data_raw/jobs.csv.gz", "data_raw/jobs/2020/07/b.csv.zst",
                                                   "data_raw/jobs/a.CSV", "data_raw/jobs/it's.csv"])
        #expect(listing.candidates.map(\.container) == [.archive("tar.gz"), .plain, .compressed("gz"), .compressed("zst"), .plain, .plain])
        #expect(listing.notIngested.map(\.file) == ["data_raw/jobs.txt", "data_raw/jobs/.hidden.csv", "data_raw/jobs/.snapshot/c.csv", "data_raw/jobs/notes.md"])
        #expect(listing.notIngested.map(\.why).allSatisfy { $0 == "a hidden file" || $0 == "in a hidden folder" || $0.hasPrefix("not a CSV file") })
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
