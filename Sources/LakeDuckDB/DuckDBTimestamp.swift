/// A TIMESTAMP: microseconds since 1970-01-01 00:00:00 (no time zone), as DuckDB stores it.
public struct DuckDBTimestamp: Hashable, Comparable, Sendable {
    public var microsecondsSinceEpoch: Int64

    public init(microsecondsSinceEpoch: Int64) { self.microsecondsSinceEpoch = microsecondsSinceEpoch }

    public init(secondsSinceEpoch: Double) {
        microsecondsSinceEpoch = Int64((secondsSinceEpoch * 1_000_000).rounded())
    }

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
                microsecond: Int = 0) {
        let days = Int64(CivilCalendar.days(year: year, month: month, day: day))
        let seconds = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        microsecondsSinceEpoch = seconds * 1_000_000 + Int64(microsecond)
    }

    public var secondsSinceEpoch: Double { Double(microsecondsSinceEpoch) / 1_000_000 }

    /// The calendar day the timestamp falls on.
    public var date: DuckDBDate {
        let (days, _) = Self.split(microsecondsSinceEpoch, by: 86_400_000_000)
        return DuckDBDate(daysSinceEpoch: Int32(days))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.microsecondsSinceEpoch < rhs.microsecondsSinceEpoch }

    /// Floor division, so times before 1970 land on the right day.
    static func split(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let quotient = value >= 0 ? value / divisor : -((-value - 1) / divisor) - 1
        return (quotient, value - quotient * divisor)
    }
}

extension DuckDBTimestamp: CustomStringConvertible {
    /// As DuckDB prints it: 2020-07-01 08:30:00, with .ffffff only when there are microseconds.
    public var description: String {
        let (days, micros) = Self.split(microsecondsSinceEpoch, by: 86_400_000_000)
        let (year, month, day) = CivilCalendar.civil(days: Int(days))
        let seconds = Int(micros / 1_000_000)
        let fraction = Int(micros % 1_000_000)
        var text = CivilCalendar.format(year: year, month: month, day: day) + " "
            + CivilCalendar.pad(seconds / 3_600, 2) + ":" + CivilCalendar.pad(seconds / 60 % 60, 2) + ":"
            + CivilCalendar.pad(seconds % 60, 2)
        if fraction != 0 {
            var digits = CivilCalendar.pad(fraction, 6)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }
}
