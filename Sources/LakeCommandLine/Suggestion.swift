import Foundation

/// Finds the valid word closest to a mistyped one, for "Did you mean …?".
enum Suggestion {
    /// The candidate with the smallest edit distance, if it is close enough to be a plausible typo
    /// (at most a third of the word's length, and at least one edit allowed).
    static func closest(to word: String, among candidates: [String]) -> String? {
        // A word the user stopped typing early ("--sel" for "--select") is the surest guess.
        let extensions = candidates.filter { $0.hasPrefix(word) && $0 != word }
        if extensions.count == 1, word.trimmingCharacters(in: ["-"]).count >= 2 { return extensions[0] }
        let scored = candidates.map { ($0, distance(word, $0)) }
        guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
        let allowed = max(1, max(word.count, best.0.count) / 3)
        return best.1 <= allowed ? best.0 : nil
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
