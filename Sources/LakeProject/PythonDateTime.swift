import Foundation
import LakeTemplates

/// Python's `datetime` and `pytz` as dbt's `modules` hands them to templates: packages build
/// dates with them (`dbt_date.date(2024, 1, 2)` is `modules.datetime.date(2024, 1, 2)`), parse
/// and format them, add `timedelta`s and compare them.
public enum PythonDateTime {
    /// A timezone-aware UTC datetime, as dbt's `run_started_at` is.
    public static func utc(_ date: Date) -> Value {
        .object(DateTimeObject(instant: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()), zone: TimeZone(identifier: "UTC")))
    }

    static let module: Value = .object(AttributeObject("module", [
        "datetime": .object(PythonType("datetime", call: { arguments in try DateTimeObject.make(arguments, dateOnly: false) }, attributes: [
            "now": .function(Function("now") { arguments in
                let zone = try TimeZoneObject.argument(arguments.value(0, "tz"))
                return .object(DateTimeObject(instant: DateTimeObject.nowMicros(), zone: zone?.zone))
            }),
            "utcnow": .function(Function("utcnow") { _ in .object(DateTimeObject(instant: DateTimeObject.nowMicros(), zone: nil)) }),
            "today": .function(Function("today") { _ in .object(DateTimeObject(instant: DateTimeObject.nowMicros(), zone: nil)) }),
            "strptime": .function(Function("strptime") { arguments in
                .object(try DateTimeObject.parse(try arguments.string(0, "date_string"), format: try arguments.string(1, "format")))
            }),
            "fromisoformat": .function(Function("fromisoformat") { arguments in .object(try DateTimeObject.isoParse(try arguments.string(0, "date_string"), dateOnly: false)) }),
            "fromtimestamp": .function(Function("fromtimestamp") { arguments in
                guard let seconds = try arguments.required(0, "timestamp").number else { throw TemplateFailure("fromtimestamp() takes a number") }
                let zone = try TimeZoneObject.argument(arguments.value(1, "tz"))
                return .object(DateTimeObject(instant: Int64((seconds * 1_000_000).rounded()), zone: zone?.zone ?? TimeZone(identifier: "UTC")))
            }),
        ])),
        "date": .object(PythonType("date", call: { arguments in try DateTimeObject.make(arguments, dateOnly: true) }, attributes: [
            "today": .function(Function("today") { _ in .object(DateTimeObject(instant: DateTimeObject.nowMicros(), zone: nil, dateOnly: true)) }),
            "fromisoformat": .function(Function("fromisoformat") { arguments in .object(try DateTimeObject.isoParse(try arguments.string(0, "date_string"), dateOnly: true)) }),
        ])),
        "timedelta": .object(PythonType("timedelta", call: { arguments in
            try arguments.check(accepts: ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"])
            let units: [(String, Double)] = [("days", 86_400e6), ("seconds", 1e6), ("microseconds", 1), ("milliseconds", 1e3),
                                             ("minutes", 60e6), ("hours", 3_600e6), ("weeks", 604_800e6)]
            var total = 0.0
            for (index, (name, scale)) in units.enumerated() {
                guard let value = arguments.value(index, name) else { continue }
                guard let number = value.number else { throw TemplateFailure("timedelta() argument '\(name)' must be a number") }
                total += number * scale
            }
            return .object(TimeDeltaObject(Int64(total.rounded())))
        }, attributes: [:])),
        "timezone": .object(AttributeObject("type", ["utc": .object(TimeZoneObject.utc)])),
    ], rendered: "<module 'datetime'>"))

    static let pytz: Value = .object(AttributeObject("module", [
        "timezone": .function(Function("timezone") { arguments in
            let name = try arguments.string(0, "zone")
            guard let zone = TimeZone(identifier: name) else { throw TemplateFailure("pytz.timezone('\(name)'): unknown time zone") }
            return .object(TimeZoneObject(zone, name: name))
        }),
        "utc": .object(TimeZoneObject.utc), "UTC": .object(TimeZoneObject.utc),
    ], rendered: "<module 'pytz'>"))
}

/// A Python type object: callable to construct, with class attributes (`datetime.now`).
final class PythonType: TemplateObject {
    let typeName = "type"
    let rendered: String
    private let construct: (CallArguments) throws -> Value
    private let attributes: [String: Value]

    init(_ name: String, call: @escaping (CallArguments) throws -> Value, attributes: [String: Value]) {
        rendered = "<class '\(name)'>"
        construct = call
        self.attributes = attributes
    }

    func attribute(_ name: String) throws -> Value? { attributes[name] }
    func call(_ arguments: CallArguments) throws -> Value { try construct(arguments) }
    var isCallable: Bool { true }
}

/// A pytz time zone (or `datetime.timezone.utc`).
final class TimeZoneObject: TemplateObject {
    static var utc: TimeZoneObject { TimeZoneObject(TimeZone(identifier: "UTC")!, name: "UTC") }
    let zone: TimeZone
    let name: String
    init(_ zone: TimeZone, name: String) { self.zone = zone; self.name = name }

    var typeName: String { "timezone" }
    var rendered: String { name }

    func attribute(_ attribute: String) throws -> Value? {
        switch attribute {
        case "zone": return .string(name)
        // pytz's localize: the same wall clock, in this zone.
        case "localize":
            return .function(Function("localize") { [self] arguments in
                guard case .object(let object)? = arguments.value(0, "dt"), let moment = object as? DateTimeObject else {
                    throw TemplateFailure("localize() takes a datetime")
                }
                return .object(moment.withWallClock(in: zone))
            })
        case "normalize": return .function(Function("normalize") { arguments in try arguments.required(0, "dt") })
        default: return nil
        }
    }

    static func argument(_ value: Value?) throws -> TimeZoneObject? {
        guard let value, !value.isNone else { return nil }
        guard case .object(let object) = value, let zone = object as? TimeZoneObject else { throw TemplateFailure("tz must be a time zone, not \(value.typeName)") }
        return zone
    }
}

/// A `timedelta`, held as whole microseconds.
final class TimeDeltaObject: TemplateObject {
    let micros: Int64
    init(_ micros: Int64) { self.micros = micros }

    var typeName: String { "timedelta" }
    private var days: Int64 { Int64((Double(micros) / 86_400e6).rounded(.down)) }
    private var secondsOfDay: Int64 { (micros - days * 86_400_000_000) / 1_000_000 }
    private var microsOfSecond: Int64 { (micros - days * 86_400_000_000) % 1_000_000 }

    /// Python's str(): `1 day, 2:03:04`, `-1 day, 23:59:59.500000`.
    var rendered: String {
        let clock = String(format: "%d:%02d:%02d", secondsOfDay / 3600, secondsOfDay / 60 % 60, secondsOfDay % 60)
            + (microsOfSecond == 0 ? "" : String(format: ".%06d", microsOfSecond))
        return days == 0 ? clock : "\(days) day\(abs(days) == 1 ? "" : "s"), \(clock)"
    }

    func attribute(_ name: String) throws -> Value? {
        switch name {
        case "days": return .int(Int(days))
        case "seconds": return .int(Int(secondsOfDay))
        case "microseconds": return .int(Int(microsOfSecond))
        case "total_seconds": return .function(Function("total_seconds") { [micros] _ in .double(Double(micros) / 1e6) })
        default: return nil
        }
    }

    func arithmetic(_ symbol: String, _ other: Value, reflected: Bool) throws -> Value? {
        if case .object(let object) = other, let delta = object as? TimeDeltaObject {
            switch symbol {
            case "+": return .object(TimeDeltaObject(micros + delta.micros))
            case "-": return .object(TimeDeltaObject(reflected ? delta.micros - micros : micros - delta.micros))
            default: return nil
            }
        }
        if symbol == "*", case .int(let factor) = other { return .object(TimeDeltaObject(micros * Int64(factor))) }
        return nil
    }

    func compare(to other: Value) -> ComparisonResult? {
        guard case .object(let object) = other, let delta = object as? TimeDeltaObject else { return nil }
        return micros < delta.micros ? .orderedAscending : micros > delta.micros ? .orderedDescending : .orderedSame
    }
}

/// A `datetime` (or, `dateOnly`, a `date`): naive, or aware of a time zone. `instant` is
/// microseconds since 1970 of the UTC moment (aware) or of the wall clock read as UTC (naive).
final class DateTimeObject: TemplateObject {
    let instant: Int64
    let zone: TimeZone?
    let dateOnly: Bool

    init(instant: Int64, zone: TimeZone?, dateOnly: Bool = false) {
        self.instant = dateOnly ? instant - Self.floorMod(instant, 86_400_000_000) : instant
        self.zone = dateOnly ? nil : zone
        self.dateOnly = dateOnly
    }

    /// The moment `date` (a Foundation date), naive and in UTC, as `datetime.utcnow()` makes it.
    convenience init(_ date: Date, dateOnly: Bool = false) {
        self.init(instant: Int64((date.timeIntervalSince1970 * 1_000_000).rounded()), zone: nil, dateOnly: dateOnly)
    }

    static func nowMicros() -> Int64 { Int64((Date().timeIntervalSince1970 * 1_000_000).rounded()) }

    private static func floorMod(_ value: Int64, _ divisor: Int64) -> Int64 { ((value % divisor) + divisor) % divisor }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// Offset of the zone from UTC at this moment, in seconds (0 when naive).
    private var offsetSeconds: Int { zone.map { $0.secondsFromGMT(for: Date(timeIntervalSince1970: Double(instant) / 1e6)) } ?? 0 }
    /// Microseconds since 1970 of the wall clock, read as UTC.
    private var wallMicros: Int64 { instant + Int64(offsetSeconds) * 1_000_000 }

    private var parts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, micro: Int, weekday: Int, dayOfYear: Int) {
        let wall = wallMicros
        let seconds = (wall - Self.floorMod(wall, 1_000_000)) / 1_000_000
        let date = Date(timeIntervalSince1970: Double(seconds))
        let c = Self.utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
        let dayOfYear = Self.utcCalendar.ordinality(of: .day, in: .year, for: date) ?? 1
        // Python's weekday(): Monday 0 … Sunday 6 (Foundation's: Sunday 1 … Saturday 7).
        return (c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, Int(Self.floorMod(wall, 1_000_000)), (c.weekday! + 5) % 7, dayOfYear)
    }

    /// The instant of a wall clock in `zone` (nil: naive).
    static func instant(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, micro: Int = 0,
                        zone: TimeZone?) throws -> Int64 {
        guard (1...9999).contains(year), (1...12).contains(month), (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
              (0...999_999).contains(micro) else {
            throw TemplateFailure("datetime: a field is out of range (\(year)-\(month)-\(day) \(hour):\(minute):\(second))")
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone ?? TimeZone(identifier: "UTC")!
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components), calendar.component(.day, from: date) == day else {
            throw TemplateFailure("datetime: day is out of range for month (\(year)-\(month)-\(day))")
        }
        return Int64(date.timeIntervalSince1970.rounded()) * 1_000_000 + Int64(micro)
    }

    /// `datetime(year, month, day, hour, minute, second, microsecond, tzinfo)` / `date(year, month, day)`.
    static func make(_ arguments: CallArguments, dateOnly: Bool) throws -> Value {
        let names = dateOnly ? ["year", "month", "day"] : ["year", "month", "day", "hour", "minute", "second", "microsecond", "tzinfo"]
        try arguments.check(accepts: names)
        func field(_ index: Int, _ required: Bool = false) throws -> Int {
            guard let value = arguments.value(index, names[index]) else {
                if required { throw TemplateFailure("\(dateOnly ? "date" : "datetime")() missing required argument '\(names[index])'") }
                return 0
            }
            guard case .int(let number) = value else { throw TemplateFailure("\(names[index]) must be an integer, not \(value.typeName)") }
            return number
        }
        let zone = dateOnly ? nil : try TimeZoneObject.argument(arguments.value(7, "tzinfo"))?.zone
        let instant = try instant(year: field(0, true), month: field(1, true), day: field(2, true), hour: dateOnly ? 0 : field(3),
                                  minute: dateOnly ? 0 : field(4), second: dateOnly ? 0 : field(5), micro: dateOnly ? 0 : field(6), zone: zone)
        return .object(DateTimeObject(instant: instant, zone: zone, dateOnly: dateOnly))
    }

    /// The same wall clock, in `zone` (pytz's localize, `replace(tzinfo=…)`).
    func withWallClock(in zone: TimeZone?) -> DateTimeObject {
        let p = parts
        let instant = (try? Self.instant(year: p.year, month: p.month, day: p.day, hour: p.hour, minute: p.minute, second: p.second,
                                         micro: p.micro, zone: zone)) ?? self.instant
        return DateTimeObject(instant: instant, zone: zone, dateOnly: dateOnly)
    }

    var typeName: String { dateOnly ? "date" : "datetime" }

    /// Python's str(): `2024-01-02`, `2024-01-02 03:04:05`, with microseconds and offset when there are any.
    var rendered: String { isoFormat(separator: " ") }

    /// Python's `isoformat()`: `2024-01-02T03:04:05+00:00`.
    var isoText: String { isoFormat(separator: "T") }

    private func isoFormat(separator: String) -> String {
        let p = parts
        let date = String(format: "%04d-%02d-%02d", p.year, p.month, p.day)
        if dateOnly { return date }
        var text = date + separator + String(format: "%02d:%02d:%02d", p.hour, p.minute, p.second)
        if p.micro != 0 { text += String(format: ".%06d", p.micro) }
        if zone != nil { text += offsetText(colon: true) }
        return text
    }

    private func offsetText(colon: Bool) -> String {
        let offset = offsetSeconds
        return String(format: "%@%02d%@%02d", offset < 0 ? "-" : "+", abs(offset) / 3600, colon ? ":" : "", abs(offset) / 60 % 60)
    }

    func attribute(_ name: String) throws -> Value? {
        let p = parts
        switch name {
        case "year": return .int(p.year)
        case "month": return .int(p.month)
        case "day": return .int(p.day)
        case "hour" where !dateOnly: return .int(p.hour)
        case "minute" where !dateOnly: return .int(p.minute)
        case "second" where !dateOnly: return .int(p.second)
        case "microsecond" where !dateOnly: return .int(p.micro)
        case "tzinfo" where !dateOnly: return zone.map { .object(TimeZoneObject($0, name: $0.identifier)) } ?? Value.none
        case "weekday": return .function(Function("weekday") { _ in .int(p.weekday) })
        case "isoweekday": return .function(Function("isoweekday") { _ in .int(p.weekday + 1) })
        case "strftime": return .function(Function("strftime") { [self] arguments in .string(format(try arguments.string(0, "format"))) })
        case "isoformat":
            return .function(Function("isoformat") { [self] arguments in
                .string(isoFormat(separator: try arguments.value(0, "sep").map { try $0.rendered() } ?? "T"))
            })
        case "date": return .function(Function("date") { [self] _ in .object(DateTimeObject(instant: wallMicros, zone: nil, dateOnly: true)) })
        case "timestamp" where !dateOnly: return .function(Function("timestamp") { [instant] _ in .double(Double(instant) / 1e6) })
        case "toordinal": return .function(Function("toordinal") { [self] _ in .int(Int((wallMicros - Self.floorMod(wallMicros, 86_400_000_000)) / 86_400_000_000) + 719_163) })
        case "astimezone" where !dateOnly:
            return .function(Function("astimezone") { [self] arguments in
                .object(DateTimeObject(instant: instant, zone: try TimeZoneObject.argument(arguments.value(0, "tz"))?.zone ?? TimeZone(identifier: "UTC")))
            })
        case "replace":
            return .function(Function("replace") { [self] arguments in
                let keys = ["year", "month", "day", "hour", "minute", "second", "microsecond"]
                try arguments.check(accepts: keys + ["tzinfo"])
                func field(_ key: String, _ current: Int) throws -> Int {
                    guard let value = arguments.keyword.first(where: { $0.name == key })?.value else { return current }
                    guard case .int(let number) = value else { throw TemplateFailure("replace(): \(key) must be an integer") }
                    return number
                }
                let tzGiven = arguments.keyword.first { $0.name == "tzinfo" }
                let newZone = try tzGiven.map { try TimeZoneObject.argument($0.value)?.zone } ?? zone
                let instant = try Self.instant(year: field("year", p.year), month: field("month", p.month), day: field("day", p.day),
                                               hour: field("hour", p.hour), minute: field("minute", p.minute), second: field("second", p.second),
                                               micro: field("microsecond", p.micro), zone: newZone)
                return .object(DateTimeObject(instant: instant, zone: newZone, dateOnly: dateOnly))
            })
        default: return nil
        }
    }

    func arithmetic(_ symbol: String, _ other: Value, reflected: Bool) throws -> Value? {
        guard case .object(let object) = other else { return nil }
        if let delta = object as? TimeDeltaObject {
            // A date moves by whole days; `delta - date` means nothing.
            let step = dateOnly ? delta.micros - Self.floorMod(delta.micros, 86_400_000_000) : delta.micros
            switch (symbol, reflected) {
            case ("+", _): return .object(DateTimeObject(instant: instant + step, zone: zone, dateOnly: dateOnly))
            case ("-", false): return .object(DateTimeObject(instant: instant - step, zone: zone, dateOnly: dateOnly))
            default: return nil
            }
        }
        if symbol == "-", let moment = object as? DateTimeObject, moment.dateOnly == dateOnly, (moment.zone == nil) == (zone == nil) {
            return .object(TimeDeltaObject(reflected ? moment.instant - instant : instant - moment.instant))
        }
        return nil
    }

    func compare(to other: Value) -> ComparisonResult? {
        guard case .object(let object) = other, let moment = object as? DateTimeObject, moment.dateOnly == dateOnly,
              (moment.zone == nil) == (zone == nil) else { return nil }
        return instant < moment.instant ? .orderedAscending : instant > moment.instant ? .orderedDescending : .orderedSame
    }

    private static let dayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                     "October", "November", "December"]

    /// strftime's directives (C locale).
    func format(_ pattern: String) -> String {
        let p = parts
        func pad(_ value: Int, _ width: Int = 2) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        var out = "", characters = Array(pattern)[...]
        while let character = characters.popFirst() {
            guard character == "%", let directive = characters.popFirst() else { out.append(character); continue }
            switch directive {
            case "Y": out += pad(p.year, 4)
            case "y": out += pad(p.year % 100)
            case "m": out += pad(p.month)
            case "d": out += pad(p.day)
            case "H": out += pad(p.hour)
            case "I": out += pad(p.hour % 12 == 0 ? 12 : p.hour % 12)
            case "p": out += p.hour < 12 ? "AM" : "PM"
            case "M": out += pad(p.minute)
            case "S": out += pad(p.second)
            case "f": out += pad(p.micro, 6)
            case "j": out += pad(p.dayOfYear, 3)
            case "a": out += String(Self.dayNames[p.weekday].prefix(3))
            case "A": out += Self.dayNames[p.weekday]
            case "w": out += String((p.weekday + 1) % 7)
            case "u": out += String(p.weekday + 1)
            case "b": out += String(Self.monthNames[p.month - 1].prefix(3))
            case "B": out += Self.monthNames[p.month - 1]
            case "z": out += zone == nil ? "" : offsetText(colon: false)
            case "Z": out += zone?.abbreviation(for: Date(timeIntervalSince1970: Double(instant) / 1e6)) ?? ""
            case "%": out += "%"
            default: out += "%" + String(directive)
            }
        }
        return out
    }

    /// `datetime.strptime`: the directives `format` understands, fields in order.
    static func parse(_ text: String, format: String) throws -> DateTimeObject {
        var fields = (year: 1900, month: 1, day: 1, hour: 0, minute: 0, second: 0, micro: 0, pm: false, twelve: false)
        var rest = Substring(text), pattern = Array(format)[...]
        func failure() -> TemplateFailure { TemplateFailure("time data '\(text)' does not match format '\(format)'") }
        func number(maxDigits: Int) throws -> Int {
            let digits = rest.prefix { $0.isASCII && $0.isNumber }.prefix(maxDigits)
            guard !digits.isEmpty, let value = Int(digits) else { throw failure() }
            rest = rest.dropFirst(digits.count)
            return value
        }
        func name(_ names: [String]) throws -> Int {
            for (index, full) in names.enumerated() {
                for candidate in [full, String(full.prefix(3))] where rest.lowercased().hasPrefix(candidate.lowercased()) {
                    rest = rest.dropFirst(candidate.count)
                    return index
                }
            }
            throw failure()
        }
        while let character = pattern.popFirst() {
            guard character == "%", let directive = pattern.popFirst() else {
                guard rest.first == character else { throw failure() }
                rest = rest.dropFirst()
                continue
            }
            switch directive {
            case "Y": fields.year = try number(maxDigits: 4)
            case "y": let year = try number(maxDigits: 2); fields.year = year < 69 ? 2000 + year : 1900 + year
            case "m": fields.month = try number(maxDigits: 2)
            case "d": fields.day = try number(maxDigits: 2)
            case "H": fields.hour = try number(maxDigits: 2)
            case "I": fields.hour = try number(maxDigits: 2); fields.twelve = true
            case "M": fields.minute = try number(maxDigits: 2)
            case "S": fields.second = try number(maxDigits: 2)
            case "f":
                let digits = rest.prefix { $0.isASCII && $0.isNumber }.prefix(6)
                guard !digits.isEmpty else { throw failure() }
                fields.micro = Int(digits.padding(toLength: 6, withPad: "0", startingAt: 0))!
                rest = rest.dropFirst(digits.count)
            case "b", "B": fields.month = try name(monthNames) + 1
            case "a", "A": _ = try name(dayNames)
            case "p":
                if rest.uppercased().hasPrefix("PM") { fields.pm = true } else if !rest.uppercased().hasPrefix("AM") { throw failure() }
                rest = rest.dropFirst(2)
            case "j":
                let day = try number(maxDigits: 3)
                fields.month = 1
                fields.day = day
            case "%":
                guard rest.first == "%" else { throw failure() }
                rest = rest.dropFirst()
            default: throw TemplateFailure("strptime: lake does not read the directive %\(directive)")
            }
        }
        guard rest.isEmpty else { throw TemplateFailure("unconverted data remains: \(rest)") }
        if fields.twelve { fields.hour = fields.hour % 12 + (fields.pm ? 12 : 0) }
        // %j counts days from the first of January.
        let dayOffset = fields.day > 31 ? fields.day - 1 : 0
        let start = try instant(year: fields.year, month: fields.month, day: dayOffset > 0 ? 1 : fields.day, hour: fields.hour,
                                minute: fields.minute, second: fields.second, micro: fields.micro, zone: nil)
        return DateTimeObject(instant: start + Int64(dayOffset) * 86_400_000_000, zone: nil)
    }

    /// dbt's normalize_date (a model's `deprecation_date`): a date is its midnight, and a time
    /// without an offset is read in the system's time zone; nil when `text` is no ISO date.
    static func normalizedDeprecationDate(_ text: String) -> DateTimeObject? {
        guard let parsed = try? isoParse(text, dateOnly: false) else { return nil }
        return parsed.zone == nil ? parsed.withWallClock(in: TimeZone.current) : parsed
    }

    /// `fromisoformat`: `YYYY-MM-DD`, then for a datetime `T` or a space, `HH:MM[:SS[.ffffff]]`
    /// and an optional `Z` or `±HH:MM`.
    static func isoParse(_ text: String, dateOnly: Bool) throws -> DateTimeObject {
        let failure = TemplateFailure("Invalid isoformat string: '\(text)'")
        let characters = Array(text)
        guard characters.count >= 10, characters[4] == "-", characters[7] == "-",
              let year = Int(String(characters[0..<4])), let month = Int(String(characters[5..<7])), let day = Int(String(characters[8..<10])) else {
            throw failure
        }
        if dateOnly {
            guard characters.count == 10 else { throw failure }
            return DateTimeObject(instant: try instant(year: year, month: month, day: day, zone: nil), zone: nil, dateOnly: true)
        }
        var hour = 0, minute = 0, second = 0, micro = 0
        var zone: TimeZone?
        if characters.count > 10 {
            guard characters[10] == "T" || characters[10] == " " else { throw failure }
            var clock = String(characters[11...])
            if clock.hasSuffix("Z") { zone = TimeZone(identifier: "UTC"); clock.removeLast() }
            if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
                let offset = clock[clock.index(after: sign)...].split(separator: ":").compactMap { Int($0) }
                guard let hours = offset.first else { throw failure }
                let seconds = (hours * 3600 + (offset.count > 1 ? offset[1] * 60 : 0)) * (clock[sign] == "-" ? -1 : 1)
                zone = TimeZone(secondsFromGMT: seconds)
                clock = String(clock[..<sign])
            }
            let pieces = clock.split(separator: ":")
            guard pieces.count >= 2, let h = Int(pieces[0]), let m = Int(pieces[1]) else { throw failure }
            hour = h; minute = m
            if pieces.count > 2 {
                let secondParts = pieces[2].split(separator: ".")
                guard let s = Int(secondParts[0]) else { throw failure }
                second = s
                if secondParts.count > 1 { micro = Int(secondParts[1].prefix(6).padding(toLength: 6, withPad: "0", startingAt: 0)) ?? 0 }
            }
        }
        return DateTimeObject(instant: try instant(year: year, month: month, day: day, hour: hour, minute: minute, second: second, micro: micro, zone: zone),
                              zone: zone)
    }
}
