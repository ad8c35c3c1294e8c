import TextSupport
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
    static func distance(_ a: String, _ b: String) -> Int { EditDistance.distance(a, b) }
}
