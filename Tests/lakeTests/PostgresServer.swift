import Foundation

/// A real PostgreSQL server from Debian's packages (`scripts/bootstrap --with-postgres`), started
/// for one test in a temporary directory, listening only on a Unix socket there, and stopped when
/// the test is done. As root it runs as the `postgres` user (PostgreSQL refuses to run as root).
final class PostgresServer {
    let directory: String
    let port = 54_321
    private let bin: String
    private let asUser: [String]

    /// libpq's connection string for the server's `postgres` database.
    var connection: String { "host=\(directory)/socket port=\(port) dbname=lake user=postgres" }

    init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }).last,
              FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\(version)/bin/initdb") else {
            throw ServerError("no PostgreSQL server under /usr/lib/postgresql: run scripts/bootstrap --with-postgres (make test does)")
        }
        bin = "/usr/lib/postgresql/\(version)/bin"
        asUser = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("lake-pg-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: directory + "/socket", withIntermediateDirectories: true)
        if getuid() == 0 { try Self.run(["/bin/chown", "-R", "postgres", directory]) }
        try Self.run(asUser + ["\(bin)/initdb", "-D", directory + "/data", "-U", "postgres", "--auth=trust", "--no-sync"])
        try Self.run(asUser + ["\(bin)/pg_ctl", "-D", directory + "/data", "-l", directory + "/log", "-w", "start", "-o",
                               "-c listen_addresses='' -k \(directory)/socket -p \(port) -c fsync=off -c max_connections=200"])
        try Self.run(asUser + ["\(bin)/createdb", "-h", directory + "/socket", "-p", String(port), "-U", "postgres", "lake"])
    }

    deinit {
        _ = try? Self.run(asUser + ["\(bin)/pg_ctl", "-D", directory + "/data", "-m", "immediate", "-w", "stop"])
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs a command to completion, its output to a file. Not Foundation's Process: it learns that a
    /// child ended when a descriptor the child inherited closes, and the server `pg_ctl start` leaves
    /// running inherits it too, so that wait would never end; posix_spawn and waitpid it is.
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("lake-pg-run-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        guard posix_spawn(&pid, arguments[0], &actions, nil, argv, environ) == 0 else {
            throw ServerError("could not start \(arguments[0])")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ServerError("\(arguments.joined(separator: " ")) failed: \(text)") }
        return text
    }

    struct ServerError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
