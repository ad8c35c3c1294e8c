import TextSupport
import LakeYAML

/// lake.yml's `report:`: which of the project's models `lake report` draws each part of its GPU fleet
/// page from. The report knows what columns each part reads (the README lists them); the project
/// names the tables, so lake itself knows no project's table names.
public struct ReportTables: Sendable, Equatable {
    /// A part of the page and the table it reads, by its lake.yml key.
    public enum Role: String, CaseIterable, Sendable {
        /// One row per day: dt, avg_gpu_util, p95_gpu_util.
        case clusterDaily = "cluster_daily"
        /// The same days scored: dt, p95_gpu_util, anomaly_score, anomaly_flag.
        case clusterDailyScored = "cluster_daily_scored"
        /// One row per job: job_id, user_id, job_status, start_ts, gpu_hours_allocated, gpu_hours_used, efficiency, energy_kwh.
        case jobUsage = "job_usage"
        /// Bills: grain, period, period_start, user_id, gpu_hours, total_cost.
        case billing
        /// Machine metrics over time: machine_id, ts, gpu_count, gpu_util_pct, gpu_util_per_gpu_pct, interval_hours.
        case gpuTimeseries = "gpu_timeseries"
        /// The machines: machine_id, gpu_type.
        case machines
        /// Per machine: machine_id, idle_share.
        case nodeUsage = "node_usage"
        /// The whole trace's job efficiency histogram: bucket, efficiency_range, jobs.
        case jobEfficiency = "job_efficiency"
        /// Per user and day: user_id, dt, energy_kwh.
        case userUsageDaily = "user_usage_daily"
        /// Per machine and day: dt, gpu_type, energy_kwh.
        case machineDay = "machine_day"
        /// Machine days scored: machine_id, gpu_type, dt, anomaly_score, anomaly_flag.
        case machineDayScored = "machine_day_scored"
        /// Budgets by month: budget, unit, month, monthly_budget, spent, projected_month_end, share_used, status, is_current_month.
        case budgetStatus = "budget_status"
        /// The alerts: severity, kind, subject, since, detail, state, first_seen_at, last_seen_at (`alerts:`'s model
        /// unless `report:` names another).
        case alerts
    }

    public var tables: [Role: String]

    public init(_ tables: [Role: String]) { self.tables = tables }

    public subscript(role: Role) -> String? { tables[role] }

    static func parse(_ node: YAMLNode, in document: YAMLDocument) throws -> ReportTables {
        var tables: [Role: String] = [:]
        for (key, value, keyNode) in try document.mapping(node, what: "report") {
            guard let role = Role(rawValue: key) else {
                let roles = Role.allCases.map(\.rawValue)
                let hint = EditDistance.closest(to: key, among: roles).map { " (did you mean '\($0)'?)" } ?? ""
                throw document.error("unknown part '\(key)' in report:\(hint); the parts are \(roles.joined(separator: ", "))", at: keyNode)
            }
            tables[role] = try document.string(value, what: "report: \(key) (a model's name)")
        }
        return ReportTables(tables)
    }
}
