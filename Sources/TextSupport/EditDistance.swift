/// Edit distance for "did you mean …" hints on mistyped names, commands and options.
public enum EditDistance {
    /// The nearest candidates, best first, within a third of the word's length.
    public static func closest(to word: String, among candidates: [String], limit: Int = 1) -> [String] {
        let allowed = max(1, word.count / 3)
        var scored: [(candidate: String, distance: Int)] = []
        for candidate in candidates {
            let score = distance(word, candidate)
            if score <= allowed || (candidate.hasPrefix(word) && word.count >= 3) { scored.append((candidate, score)) }
        }
        scored.sort { $0.distance != $1.distance ? $0.distance < $1.distance : $0.candidate < $1.candidate }
        return scored.prefix(limit).map(\.candidate)
    }

    /// " (closest: a, b)" for a message, or "" when nothing is close.
    public static func hint(_ word: String, among candidates: [String], limit: Int = 3) -> String {
        let found = closest(to: word, among: candidates, limit: limit)
        return found.isEmpty ? "" : " (closest: \(found.joined(separator: ", ")))"
    }

    public static func closest(to word: String, among candidates: [String]) -> String? {
        closest(to: word, among: candidates, limit: 1).first
    }

    /// Levenshtein distance with adjacent transpositions, on characters.
    public static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            row[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { row[j] = min(row[j], previous2[j - 2] + 1) }
            }
            (previous2, previous, row) = (previous, row, previous2)
        }
        return previous[b.count]
    }
}
