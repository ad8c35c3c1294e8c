@preconcurrency import Glibc

/// The width of the terminal standard output goes to, or nil when it goes to a pipe or a file
/// (where a line redrawn in place would only litter the log).
enum TerminalWidth {
    static var ofStandardOutput: Int? {
        guard isatty(STDOUT_FILENO) != 0 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
