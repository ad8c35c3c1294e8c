import Foundation

/// `lake sql`: the `duckdb` CLI (the same DuckDB version as lake) with the project's warehouse
/// open, so ad-hoc SQL stays one command. Read-only unless asked: on a lake it reads the last
/// snapshot while runs go on; `write` attaches it for writing (a commit of its own).
public struct SQLShell {
    public let location: WarehouseLocation
    public let write: Bool

    public init(location: WarehouseLocation, write: Bool) {
        self.location = location
        self.write = write
    }

    /// The duckdb CLI's arguments; `extra` (e.g. `-c SQL`, `-csv`) follows them.
    public func arguments(_ extra: [String]) -> [String] {
        guard let attach = location.attachStatement(readOnly: !write) else {
            return (write ? [] : ["-readonly"]) + [location.file] + extra
        }
        // The init command runs before anything else the user passes (-c included).
        let settings = "SET autoinstall_known_extensions = false; SET allow_community_extensions = false; "
            + "SET file_search_path = \(Relation.literal(location.fileSearchPath)); "
        return [":memory:", "-cmd", settings + attach] + extra
    }

    /// Replaces this process with the CLI; returns only when it could not be started.
    public func exec(_ extra: [String], cli: String = "duckdb") throws -> Never {
        if !location.exists { throw LakeError("nothing to open yet at \(location.catalogDisplayName): run `lake run` first", kind: .notBuilt) }
        let argv = [cli] + arguments(extra)
        var cArguments = argv.map { strdup($0) } + [nil]
        execvp(cli, &cArguments)
        throw LakeError("could not start \(cli): \(String(cString: strerror(errno))) (scripts/bootstrap installs it)")
    }
}
