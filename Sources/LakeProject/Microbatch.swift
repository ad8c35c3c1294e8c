import Foundation

/// dbt's microbatch incremental strategy (dbt-core 1.9's MicrobatchBuilder): a model is built in
/// batches of its `event_time`, each `batch_size` long; while a batch is built, every ref (and
/// source) whose node configures `event_time` reads only the batch's rows.
public enum Microbatch {
    /// A batch's window: `[start, end)` of the event time.
    public struct Window: Sendable, Equatable {
        public let start: Date
        public let end: Date

        /// How dbt writes a bound in SQL: a UTC `datetime`'s str(), `2024-01-01 00:00:00+00:00`.
        public static func text(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return formatter.string(from: date) + "+00:00"
        }

        /// `column >= 'start' and column < 'end'`, as dbt's event time filter reads.
        public func filter(column: String) -> String {
            "\(column) >= '\(Self.text(start))' and \(column) < '\(Self.text(end))'"
        }
    }

    /// `batch_size`: how long a batch is.
    public enum BatchSize: String, Sendable, CaseIterable {
        case hour, day, month, year

        private static var calendar: Calendar {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            return calendar
        }

        /// The start of the batch `date` is in.
        public func truncate(_ date: Date) -> Date {
            let units: Set<Calendar.Component> = switch self {
            case .hour: [.year, .month, .day, .hour]
            case .day: [.year, .month, .day]
            case .month: [.year, .month]
            case .year: [.year]
            }
            return Self.calendar.date(from: Self.calendar.dateComponents(units, from: date))!
        }

        /// The truncated `date` moved by `offset` batches.
        public func offset(_ date: Date, by offset: Int) -> Date {
            let component: Calendar.Component = switch self {
            case .hour: .hour
            case .day: .day
            case .month: .month
            case .year: .year
            }
            return Self.calendar.date(byAdding: component, value: offset, to: truncate(date))!
        }

        /// `date` if it starts a batch, else the start of the next.
        public func ceiling(_ date: Date) -> Date {
            let truncated = truncate(date)
            return truncated == date ? date : offset(truncated, by: 1)
        }
    }

    /// The batches of a run, as dbt-core makes them: up to `eventTimeEnd` (else now), ceiled to a
    /// batch; from `eventTimeStart` if given, else `begin` on a first build (or a full refresh),
    /// else `lookback` batches before the last, which is reprocessed too.
    public static func batches(begin: Date?, size: BatchSize, lookback: Int, incremental: Bool, now: Date,
                               eventTimeStart: Date?, eventTimeEnd: Date?) throws -> [Window] {
        let end = size.ceiling(eventTimeEnd ?? now)
        let start: Date
        if let eventTimeStart {
            start = size.truncate(eventTimeStart)
        } else if !incremental {
            guard let begin else { throw ProjectError("a microbatch model needs `begin` (the first event time to build, e.g. '2024-01-01')") }
            start = size.truncate(begin)
        } else {
            // The end is a batch's start, so dbt looks back one batch more: the last batch is rebuilt too.
            start = size.offset(end, by: -(lookback + (size.truncate(end) == end ? 1 : 0)))
        }
        var windows: [Window] = []
        var current = start
        repeat {
            let next = size.offset(current, by: 1)
            windows.append(Window(start: current, end: next))
            current = next
        } while current < end
        windows[windows.count - 1] = Window(start: windows[windows.count - 1].start, end: end)
        return windows
    }

    /// A time as `begin`, `--event-time-start` and `--event-time-end` give it: `2024-01-01`,
    /// `2024-01-01 06:00:00` or ISO 8601 (`2024-01-01T06:00:00Z`), in UTC.
    public static func parseTime(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        for format in ["yyyy-MM-dd'T'HH:mm:ssXXXXX", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ssXXXXX", "yyyy-MM-dd HH:mm:ss",
                       "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"] {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "UTC")
            formatter.dateFormat = format
            if let date = formatter.date(from: trimmed) { return date }
        }
        return nil
    }
}
