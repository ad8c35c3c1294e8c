/// A DATE: days since 1970-01-01 in the proleptic Gregorian calendar, as DuckDB stores it.
public struct DuckDBDate: Hashable, Comparable, Sendable {
    public var daysSinceEpoch: Int32

    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// The date of a civil year, month (1–12) and day (1–31).
    public init(year: Int, month: Int, day: Int) {
        daysSinceEpoch = Int32(CivilCalendar.days(year: year, month: month, day: day))
    }

    public var components: (year: Int, month: Int, day: Int) { CivilCalendar.civil(days: Int(daysSinceEpoch)) }

    /// An ISO date, YYYY-MM-DD; nil for anything else (or a day that does not exist).
    public static func parse(_ text: String) -> DuckDBDate? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let date = DuckDBDate(year: year, month: month, day: day)
        return date.components == (year, month, day) ? date : nil
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }
}

extension DuckDBDate: CustomStringConvertible {
    /// ISO 8601, e.g. 2020-07-01.
    public var description: String {
        let (year, month, day) = components
        return CivilCalendar.format(year: year, month: month, day: day)
    }
}

/// Howard Hinnant's days-from-civil algorithms: exact for every date DuckDB can hold, no Foundation
/// calendar (and no time zone) involved.
enum CivilCalendar {
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func format(year: Int, month: Int, day: Int) -> String {
        let yearText = year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
        return "\(yearText)-\(pad(month, 2))-\(pad(day, 2))"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
