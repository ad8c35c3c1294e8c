import Foundation

/// Unbuffered writes to the process's standard error.
public enum StandardError {
    public static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
