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
        let table = "ducklake_table_changes(\(Relation.literal(catalog)), \(Relation.literal(relation.schema)), "
            + "\(Relation.literal(relation.identifier)), \(since < through ? since + 1 : through), \(through))"
        return "(SELECT * FROM \(table)\(since < through ? "" : " WHERE false"))"
    }

    /// Every row of `relation` shaped as the change feed's inserts.
    public static func everything(of relation: Relation) -> String {
        "(SELECT NULL::BIGINT AS snapshot_id, NULL::BIGINT AS rowid, 'insert' AS change_type, * FROM \(relation))"
    }
}
