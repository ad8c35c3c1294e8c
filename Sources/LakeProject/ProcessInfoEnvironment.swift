import Foundation

enum ProcessInfoEnvironment {
    static func read() -> [String: String] { ProcessInfo.processInfo.environment }
}
