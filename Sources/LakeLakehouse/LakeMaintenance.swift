import Foundation
import LakeDuckDB
import LakeProject
import LakeRunner

/// `lake maintain`: what hourly runs need now and then. Merges the small Parquet files that many
/// small commits leave, expires snapshots older than the retention (time travel reaches back that
/// far), and deletes the files no remaining snapshot needs, including those a killed run wrote but
/// never committed.
public enum LakeMaintenance {
    public struct Report: Sendable {
        public let filesBefore: Int
        public let filesAfter: Int
        public let snapshotsBefore: Int
        public let snapshotsAfter: Int
        public let deletedFiles: Int

        public var text: String {
            "Maintained the lake: data files \(filesBefore) → \(filesAfter), snapshots \(snapshotsBefore) → \(snapshotsAfter), "
                + "\(deletedFiles) file\(deletedFiles == 1 ? "" : "s") deleted.\n"
        }
    }

    /// Files written but never committed are left alone this long, so a run writing right now keeps its files.
    static let orphanGrace = "1 hour"

    public static func run(_ location: WarehouseLocation, retention: String? = nil) throws -> Report {
        guard let lakehouse = location.lakehouse else {
            throw LakeError("this project keeps its tables in the DuckDB file \(location.file); `lake maintain` maintains a DuckLake "
                + "(a `lakehouse:` block in lake.yml). For a DuckDB file, `duckdb \(location.file) -c CHECKPOINT` compacts it.")
        }
        let keep = retention ?? lakehouse.retention
        if let problem = LakehouseSettings.retentionProblem(keep) { throw LakeError(problem) }
        let connection = try Warehouse.open(location, .write).connect()
        let alias = Relation.literal(lakehouse.alias)
        func count(_ sql: String) throws -> Int { try connection.query(sql).scalar(Int.self) ?? 0 }
        let filesSQL = "SELECT count(*) FROM \(Relation.quote(lakehouse.metadataCatalog)).ducklake_data_file WHERE end_snapshot IS NULL"
        let snapshotsSQL = "SELECT count(*) FROM ducklake_snapshots(\(alias))"
        let filesBefore = try count(filesSQL), snapshotsBefore = try count(snapshotsSQL)
        try connection.execute("CALL ducklake_merge_adjacent_files(\(alias))")
        try connection.execute("CALL ducklake_expire_snapshots(\(alias), older_than => now() - INTERVAL '\(keep)')")
        var deleted = 0
        for call in ["ducklake_cleanup_old_files(\(alias), cleanup_all => true)",
                     "ducklake_delete_orphaned_files(\(alias), older_than => now() - INTERVAL '\(orphanGrace)')"] {
            deleted += try connection.query("SELECT count(*) FROM \(call)").scalar(Int.self) ?? 0
        }
        return Report(filesBefore: filesBefore, filesAfter: try count(filesSQL), snapshotsBefore: snapshotsBefore,
                      snapshotsAfter: try count(snapshotsSQL), deletedFiles: deleted)
    }
}
