/// Text made safe inside HTML: & < > " ' as entities.
public enum HTMLEscape {
    /// `doubleQuote` is how `"` is written: "&quot;" for lake's pages, "&#34;" as Jinja writes it.
    public static func escape(_ text: String, doubleQuote: String = "&quot;") -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += doubleQuote
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }
}
