/// Which of a lake's snapshots a model's `changes(ref('x'))` reads when it runs: those committed
/// after the model last read its parents, up to now. Plain data; the runner works it out from the
/// lake's snapshot log and records `through` in the model's commit, so the next run starts after it.
public struct ChangeWindow: Sendable, Equatable {
    /// The DuckLake catalog's name in the session.
    public var catalog: String
    /// The last snapshot the model read at its previous build; nil when no build recorded one.
    public var since: Int?
    /// The lake's snapshot when the model starts.
    public var through: Int
    /// Why the snapshots since `since` cannot say everything that changed (a parent was rebuilt, the
    /// snapshots were expired, no earlier build recorded its reading); nil when they can.
    public var incompleteBecause: String?
    /// Temporary tables the runner filled with what `sql(for:)` reads, by relation, before the
    /// model ran: each change feed is then read once, and DuckDB plans joins with the changed rows
    /// by their real size (with the feed's table function it guessed, and at full scale hashed a
    /// 7.5M-row table to probe two thousand changed keys).
    public var staged: [Relation: String] = [:]
    /// The relations the model's changes() calls name.
    public var parents: [Relation] = []

    public init(catalog: String, since: Int?, through: Int, incompleteBecause: String?) {
        self.catalog = catalog
        self.since = since
        self.through = through
        self.incompleteBecause = incompleteBecause
    }

    public var isComplete: Bool { incompleteBecause == nil && since != nil }

    /// What `changes()` of `relation` reads: the lake's change feed over the window; nothing when
    /// no snapshot came after `since`; and, when the window is incomplete, every row of the relation
    /// as an insert (the model then recomputes everything, and the runner empties it first).
    public func sql(for relation: Relation) -> String {
        guard isComplete, let since else { return Self.everything(of: relation) }
        if let table = staged[relation] { return table }
        let table = "ducklake_table_changes(\(Relation.literal(catalog)), \(Relation.literal(relation.schema)), "
            + "\(Relation.literal(relation.identifier)), \(since < through ? since + 1 : through), \(through))"
        return "(SELECT * FROM \(table)\(since < through ? "" : " WHERE false"))"
    }

    /// The rows inserted into `relation` over the window (an update's new image included), with the
    /// relation's columns alone. DuckLake's insertions read only the files added in the window; the
    /// change feed filtered to its inserts also rebuilds every deleted row from the file it was
    /// deleted from (at full scale 0.2 s against 0.01 s for a few thousand rows of a 7.5M-row
    /// table). Every row of the relation when the window is incomplete.
    public func insertionsSQL(for relation: Relation) -> String {
        isComplete ? feed("ducklake_table_insertions", of: relation) : "(SELECT * FROM \(relation))"
    }

    /// The rows deleted from `relation` over the window (an update's old image included), with the
    /// relation's columns alone; none when the window is incomplete (the relation is read whole).
    public func deletionsSQL(for relation: Relation) -> String {
        isComplete ? feed("ducklake_table_deletions", of: relation) : "(SELECT * FROM \(relation) WHERE false)"
    }

    private func feed(_ function: String, of relation: Relation) -> String {
        guard let since, since < through else { return "(SELECT * FROM \(relation) WHERE false)" }
        return "(SELECT * FROM \(function)(\(Relation.literal(catalog)), \(Relation.literal(relation.schema)), "
            + "\(Relation.literal(relation.identifier)), \(since + 1), \(through)))"
    }

    /// Stages what `sql(for:)` reads of each of `relations` in a temporary table named after it on
    /// the connection `execute` runs statements on; nothing when the window is incomplete (it reads
    /// the relation itself). `unstage` drops them.
    public mutating func stage(_ relations: [Relation], execute: (String) throws -> Void) throws {
        guard isComplete else { return }
        for relation in Set(relations) where staged[relation] == nil {
            let name = "__lake_changes_\(relation.schema)_\(relation.identifier)"
            try execute("CREATE OR REPLACE TEMP TABLE \(Relation.quote(name)) AS SELECT * FROM \(sql(for: relation))")
            staged[relation] = "temp.main.\(Relation.quote(name))"
        }
    }

    public func unstage(execute: (String) throws -> Void) {
        for table in staged.values { try? execute("DROP TABLE IF EXISTS \(table)") }
    }

    /// Every row of `relation` shaped as the change feed's inserts.
    public static func everything(of relation: Relation) -> String {
        "(SELECT NULL::BIGINT AS snapshot_id, NULL::BIGINT AS rowid, 'insert' AS change_type, * FROM \(relation))"
    }
}
