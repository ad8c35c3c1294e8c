import Foundation

/// What every benchmark under bench/ needs: its options, a clock, and the median of repeats.
public enum Bench {
    /// The integer after `name` on the command line, or `fallback`.
    public static func option(_ name: String, _ fallback: Int) -> Int {
        let arguments = CommandLine.arguments
        guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count, let value = Int(arguments[index + 1]) else {
            return fallback
        }
        return value
    }

    /// Wall-clock seconds `body` takes, from the monotonic clock.
    public static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    public static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// The `lake` binary built beside this benchmark (same configuration); exits with a hint when
    /// it is not there.
    public static func lakeBinary(for benchmark: String) -> String {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("lake").path
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            print("\(benchmark): build the release binary first: swift build -c release")
            exit(1)
        }
        return binary
    }

    /// The repository's root, from a benchmark's source file (`#filePath`), which lies two folders down.
    public static func repository(from sourceFile: String) -> String {
        URL(fileURLWithPath: sourceFile).deletingLastPathComponent().appendingPathComponent("../..").standardized.path
    }

    /// Runs `binary` with `arguments` to completion, its output discarded (it would interleave with
    /// the benchmark's table); its wall time, peak resident memory (from wait4's rusage) and exit status.
    public static func measured(_ binary: String, _ arguments: [String]) -> (seconds: Double, peakMB: Double, status: Int32) {
        var pid = pid_t()
        let argv = ([binary] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var usage = rusage(), status: Int32 = 0
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let seconds = Bench.seconds {
            guard posix_spawn(&pid, binary, &actions, nil, argv, environ) == 0 else { return }
            _ = wait4(pid, &status, 0, &usage)
        }
        return (seconds, Double(usage.ru_maxrss) / 1024, (status >> 8) & 0xff)
    }
}
