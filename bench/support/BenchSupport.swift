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
}
