import Foundation
import TextSupport
import Synchronization

/// Where a data test last found nothing wrong on a lake: the snapshot it read (its id and commit
/// time) and a fingerprint of its SQL. From there the lake's change feed says which rows can have
/// gone wrong since, so the next run checks only those (ChangedRowsCheck) instead of every row.
struct TestBaseline: Codable, Equatable, Sendable {
    var snapshot: Int
    var committed: String
    var fingerprint: String
}

/// The baselines of a project's tests, kept in target/ beside run_results.json. A run reads them
/// when it starts and writes them when it ends; a run killed on the way leaves the older ones,
/// which are still true (their snapshots are older, so the next check reads more changes). Lost or
/// unreadable, every test checks every row again.
final class TestBaselines: Sendable {
    let path: String
    private let entries: Mutex<[String: TestBaseline]>

    init(path: String) {
        self.path = path
        let data = FileManager.default.contents(atPath: path)
        entries = Mutex(data.flatMap { try? JSONDecoder().decode([String: TestBaseline].self, from: $0) } ?? [:])
    }

    func baseline(of testId: String) -> TestBaseline? { entries.withLock { $0[testId] } }

    /// Records that `testId` found no failing row at `baseline`, or (nil) forgets where it did.
    func set(_ testId: String, _ baseline: TestBaseline?) { entries.withLock { $0[testId] = baseline } }

    func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        try AtomicFile.write(try entries.withLock { try encoder.encode($0) }, to: path)
    }

    /// A test's fingerprint: 64-bit FNV-1a of the SQL selecting its failing rows (its model's
    /// relation, column and arguments are in it), so a changed test is checked whole again.
    static func fingerprint(_ sql: String) -> String { ChangeFeed.fnv1a(sql) }
}
