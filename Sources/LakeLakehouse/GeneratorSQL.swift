import Foundation
import LakeDuckDB

/// The SQL that builds a synthetic trace. Every random draw is `hash(seed, stream, key…)` mapped to
/// [0, 1): the same seed gives the same trace on any machine running the pinned DuckDB.
struct GeneratorSQL {
    let settings: TraceGenerator.Settings

    /// The seven tables, in the order they are written, under their trace file names.
    static let tables = ["pai_machine_spec", "pai_job_table", "pai_task_table", "pai_instance_table", "pai_sensor_table",
                         "pai_group_tag_table", "pai_machine_metric"]

    private var seed: String { String(settings.seed) }
    private var scale: String { String(settings.scale) }
    private var days: Int { settings.days }
    private var start: Int { TraceGenerator.epochStart }
    private var end: Int { TraceGenerator.epochStart + settings.days * 86_400 }
    private var jobs: Int { max(50, Int((Double(TraceGenerator.fullScaleJobs) * settings.scale).rounded())) }
    private var instances: Int { max(200, Int((Double(TraceGenerator.fullScaleInstances) * settings.scale).rounded())) }
    /// The real trace's metric density per machine (2,009,423 samples from 1,897 machines over 60
    /// days), so scale 1.0 has exactly the real count and a small cluster still has a daily series.
    private var metricsPerMachineDay: Double { Double(TraceGenerator.fullScaleMetrics) / (1_897 * 60) }
    /// The share of each GPU type's machines kept: the scale, but at least 24 machines in all.
    private var machineFraction: String { String(max(settings.scale, 24.0 / 1_897)) }
    private var users: Int { max(12, Int((1_300 * settings.scale).rounded())) }

    /// Named steps that build the working tables, before any file is written.
    var preparation: [(name: String, sql: String)] {
        [
            ("random draws", """
                -- hash() of several values combines them weakly (draws from different streams correlate);
                -- hashing the combination again runs DuckDB's full integer mixer over it.
                CREATE MACRO u(stream, k) AS hash(hash(\(seed), stream, k))::DOUBLE / 18446744073709551616.0;
                CREATE MACRO u3(stream, a, b, c) AS hash(hash(\(seed), stream, a, b, c))::DOUBLE / 18446744073709551616.0;
                CREATE MACRO gauss(stream, k) AS sqrt(-2 * ln(greatest(u(stream || ':a', k), 1e-12))) * cos(2 * pi() * u(stream || ':b', k));
                CREATE MACRO gauss3(stream, a, b, c) AS sqrt(-2 * ln(greatest(u3(stream || ':a', a, b, c), 1e-12))) * cos(2 * pi() * u3(stream || ':b', a, b, c));
                CREATE MACRO hexid(stream, key, n) AS substr(md5('\(seed):' || stream || ':' || key) || md5('\(seed);' || stream || ':' || key), 1, n);
                """),
            ("machines", """
                CREATE TABLE spec AS SELECT * FROM read_csv(\(SQLText.literal(settings.machineSpec)), header = false,
                    columns = {'machine': 'VARCHAR', 'gpu_type': 'VARCHAR', 'cap_cpu': 'INTEGER', 'cap_mem': 'INTEGER', 'cap_gpu': 'INTEGER'});
                CREATE TABLE machines AS
                WITH ranked AS (
                    SELECT *, row_number() OVER (PARTITION BY gpu_type ORDER BY hash(\(seed), machine)) AS rn,
                           count(*) OVER (PARTITION BY gpu_type) AS n_type
                    FROM spec),
                chosen AS (
                    SELECT machine, gpu_type, cap_cpu, cap_mem, cap_gpu,
                           (row_number() OVER (ORDER BY hash(\(seed), 'order', machine)) - 1)::INTEGER AS idx
                    FROM ranked WHERE rn <= greatest(1, round(n_type * \(machineFraction))))
                SELECT *, (row_number() OVER (PARTITION BY gpu_type ORDER BY idx) - 1)::INTEGER AS type_idx,
                       count(*) OVER (PARTITION BY gpu_type) AS type_count,
                       (idx * 12 // count(*) OVER ())::INTEGER AS pod
                FROM chosen;
                CREATE TABLE gpu_types AS SELECT list(DISTINCT gpu_type ORDER BY gpu_type) AS types FROM machines WHERE cap_gpu > 0;
                -- CPU-only work goes to CPU machines where the cluster has them.
                CREATE TABLE cpu_type AS SELECT coalesce(max(gpu_type) FILTER (WHERE cap_gpu = 0), min(gpu_type)) AS gpu_type FROM machines;
                CREATE TABLE type_counts AS SELECT gpu_type, count(*) AS type_count FROM machines GROUP BY gpu_type;
                """),
            ("users and their habits", """
                CREATE TABLE users AS
                SELECT i::INTEGER AS user_idx, hexid('user', i, 12) AS user_name,
                       types[1 + floor(u('utype', i) * len(types))::INTEGER] AS preferred_type,
                       [25, 50, 100, 100, 100, 100, 200, 400, 800][1 + floor(u('ugpu', i) * 9)::INTEGER] AS typical_gpu,
                       0.02 + 0.30 * pow(u('ufail', i), 2) AS failure_rate,
                       exp(0.8 * gauss('udur', i)) AS duration_scale,
                       0.25 + 0.70 * u('ueff', i) AS efficiency,
                       ['bert', 'resnet', 'ctr', 'inception', 'graphlearn', 'xlnet', 'nmt', 'vgg'][1 + floor(u('uwork', i) * 8)::INTEGER] AS workload
                FROM range(\(users)) r(i), gpu_types;
                """),
            ("anomalous days", """
                CREATE TABLE anomalies AS
                SELECT k, day, kind, floor(u('apod', k) * 12)::INTEGER AS pod, DATE '1970-01-05' + day AS dt,
                       CASE kind WHEN 'cluster_dip' THEN 'GPU utilisation fell across the cluster'
                                 WHEN 'spike' THEN 'GPU utilisation saturated across the cluster'
                                 ELSE 'one pod of machines failed: its GPUs idle, its jobs failed' END
                       || ' (pod ' || floor(u('apod', k) * 12)::INTEGER || ')' AS detail
                -- One anomaly a day: in a short trace two draws can fall on one day, and each job of that
                -- day would then be written once per anomaly. A day already taken moves to the next.
                FROM (SELECT k, kind, (max(drawn - k) OVER (ORDER BY k) + k)::INTEGER AS day
                      FROM (SELECT k, (3 + floor((\(days) - 6) * (k + 0.5 + 0.4 * (u('aday', k) - 0.5)) / n))::INTEGER AS drawn,
                                   ['cluster_dip', 'spike', 'failing_pod'][1 + k % 3] AS kind
                            FROM range(greatest(3, \(days) // 20)) r(k), (SELECT greatest(3, \(days) // 20) AS n)));
                """),
            ("sick machines", """
                -- Machine-level faults, each on one GPU machine for two to four days: its GPUs idle while
                -- jobs are allocated to it, its CPUs stalled on I/O (iowait and load far above its
                -- peers), its GPU utilisation stuck at one value, or flapping (down every other two
                -- hours, its instances failing). Spread over the trace like the anomalous days, about
                -- one fault per 20 machines every 10 days (at least 4), each on a machine of its own
                -- while there are machines enough.
                CREATE TABLE machine_faults AS
                WITH gpu_machines AS (
                    SELECT machine, pod, (row_number() OVER (ORDER BY hash(\(seed), 'fmach', machine)) - 1)::INTEGER AS rank,
                           count(*) OVER () AS total
                    FROM machines WHERE cap_gpu > 0),
                drawn AS (
                    SELECT k, ['idle_allocated', 'io_bound', 'stuck_util', 'flapping'][1 + k % 4] AS kind,
                           (k % (SELECT max(total) FROM gpu_machines))::INTEGER AS rank,
                           (2 + floor((\(days) - 7) * (k + 0.5 + 0.4 * (u('fday', k) - 0.5)) / count(*) OVER ()))::INTEGER AS first_day,
                           2 + floor(u('fspan', k) * 3)::INTEGER AS span,
                           round(0.35 + 0.30 * u('fstuck', k), 2) AS stuck_at
                    FROM range(greatest(4, round(\(days) / 10 * (SELECT max(total) FROM gpu_machines) / 20)::INTEGER)) r(k))
                SELECT d.k, d.kind, g.machine, g.pod, d.first_day, d.first_day + d.span - 1 AS last_day, d.stuck_at
                FROM drawn d JOIN gpu_machines g USING (rank);
                -- The labels, one row per sick machine and day: these faults, and the machines of a
                -- failing pod on its day.
                CREATE TABLE machine_labels AS
                SELECT DISTINCT ON (dt, machine) * FROM (
                SELECT DATE '1970-01-05' + day::INTEGER AS dt, machine, kind,
                       CASE kind WHEN 'idle_allocated' THEN 'GPUs idle while jobs are allocated to the machine'
                                 WHEN 'io_bound' THEN 'CPU iowait and load far above its peers'
                                 WHEN 'stuck_util' THEN 'GPU utilisation stuck at ' || (stuck_at * 100)::INTEGER || ' %'
                                 ELSE 'flapping: down every other two hours, its instances failing' END AS detail
                FROM machine_faults, range(first_day, last_day + 1) r(day)
                UNION ALL
                SELECT a.dt, m.machine, 'failing_pod', 'its pod failed: GPUs idle, jobs failed'
                FROM anomalies a JOIN machines m ON m.pod = a.pod AND m.cap_gpu > 0 WHERE a.kind = 'failing_pod')
                ORDER BY dt, machine, kind;
                """),
            ("jobs", """
                CREATE TABLE jobs AS
                WITH drawn AS (
                    SELECT i, floor(\(users) * pow(u('owner', i), 1.8))::INTEGER AS user_idx,
                           floor(u('day', i) * \(days))::INTEGER AS day0,
                           CASE WHEN u('tod', i) < 0.72 THEN 8.5 * 3600 + u('todd', i) * 12 * 3600 ELSE u('todd', i) * 86400 END AS tod
                    FROM range(\(jobs)) r(i)),
                weekly AS (
                    -- Half the weekend's submissions move to the week before: fewer jobs on weekends.
                    SELECT *, CASE WHEN day0 % 7 >= 5 AND u('wkend', i) < 0.5 THEN day0 - day0 % 7 + floor(u('wkday', i) * 5)::INTEGER
                                   ELSE day0 END AS day
                    FROM drawn)
                SELECT w.i AS job_idx, hexid('job', w.i, 24) AS job_name, w.user_idx, us.user_name, us.preferred_type, us.typical_gpu,
                       us.efficiency, us.workload, us.failure_rate, w.day,
                       round(\(start) + w.day * 86400 + w.tod) AS submit_time,
                       greatest(5, least(20 * 86400, exp(6.6 + 1.7 * gauss('dur', w.i)) * us.duration_scale)) AS duration,
                       exp(2.5 + 1.5 * gauss('wait', w.i)) AS wait,
                       u('status', w.i) AS status_draw
                FROM weekly w JOIN users us USING (user_idx);
                """),
            ("tasks", """
                CREATE TABLE tasks_raw AS
                SELECT j.job_idx, t::INTEGER AS task_idx, j.job_name, j.n_tasks, j.preferred_type, j.typical_gpu,
                       CASE WHEN u3('tcpu', j.job_idx, t, 0) < 0.08 OR (j.n_tasks > 1 AND t = 1) THEN NULL ELSE j.typical_gpu END AS plan_gpu,
                       CASE WHEN u3('tinst', j.job_idx, t, 0) < 0.5 THEN 1 ELSE pow(2, 1 + floor(u3('tinst2', j.job_idx, t, 0) * 5))::INTEGER END AS raw
                FROM (SELECT *, 1 + (u('t1', job_idx) < 0.18)::INTEGER + (u('t2', job_idx) < 0.06)::INTEGER + (u('t3', job_idx) < 0.03)::INTEGER AS n_tasks
                      FROM jobs) j, range(j.n_tasks) r(t);
                -- Scale instance counts so the trace has exactly the target number of instances.
                CREATE TABLE tasks AS
                WITH factor AS (SELECT \(instances) / sum(raw)::DOUBLE AS f FROM tasks_raw),
                     first AS (SELECT tr.*, greatest(1, round(raw * f))::INTEGER AS inst1 FROM tasks_raw tr, factor),
                     gap AS (SELECT \(instances) - sum(inst1) AS diff FROM first),
                     ranked AS (SELECT first.*, gap.diff,
                                       row_number() OVER (ORDER BY hash(\(seed), 'adj', job_idx, task_idx)) AS rank_all,
                                       row_number() OVER (PARTITION BY inst1 > 1 ORDER BY hash(\(seed), 'adj', job_idx, task_idx)) AS rank_multi
                                FROM first, gap)
                SELECT job_idx, task_idx, job_name, plan_gpu,
                       CASE WHEN n_tasks = 1 THEN ['tensorflow', 'PyTorchWorker', 'worker', 'OpenmpiTracker'][1 + floor(u('tname', job_idx) * 4)::INTEGER]
                            ELSE ['worker', 'ps', 'evaluator', 'chief'][task_idx + 1] END AS task_name,
                       inst1 + CASE WHEN diff > 0 AND rank_all <= diff THEN 1
                                    WHEN diff < 0 AND inst1 > 1 AND rank_multi <= -diff THEN -1 ELSE 0 END AS inst_num,
                       100 * (2 + floor(u3('tpcpu', job_idx, task_idx, 0) * 11))::INTEGER AS plan_cpu,
                       round(pow(2, 1 + u3('tpmem', job_idx, task_idx, 0) * 6), 4) AS plan_mem,
                       CASE WHEN plan_gpu IS NULL THEN NULL ELSE preferred_type END AS gpu_type
                FROM ranked;
                """),
            ("instances on machines", """
                CREATE TABLE instances AS
                SELECT t.job_idx, t.task_idx, k::INTEGER AS k, t.job_name, t.task_name, t.plan_gpu, t.plan_cpu, t.plan_mem,
                       hexid('inst', t.job_idx || '.' || t.task_idx || '.' || k, 60) AS inst_name,
                       hexid('worker', t.job_idx || '.' || t.task_idx || '.' || k, 60) AS worker_name,
                       hexid('instid', t.job_idx || '.' || t.task_idx || '.' || k, 60) AS inst_id,
                       m.machine, m.pod, m.cap_gpu
                FROM tasks t, range(t.inst_num) r(k)
                JOIN type_counts c ON c.gpu_type = coalesce(t.gpu_type, (SELECT gpu_type FROM cpu_type))
                JOIN machines m ON m.gpu_type = c.gpu_type
                               AND m.type_idx = floor(u3('place', t.job_idx, t.task_idx, k) * c.type_count)::INTEGER;
                -- A job's status and times; on a failing pod's day, its jobs fail.
                CREATE TABLE job_runs AS
                SELECT j.*, first.inst_id, first.machine,
                       CASE WHEN j.status_draw < 0.01 THEN NULL ELSE round(j.submit_time + j.wait) END AS start_time,
                       CASE WHEN j.status_draw < 0.01 THEN 'Waiting'
                            WHEN a.kind = 'failing_pod' AND a.pod = first.pod THEN 'Failed'
                            WHEN j.submit_time + j.wait + j.duration > \(end) THEN 'Running'
                            WHEN j.status_draw < 0.01 + j.failure_rate THEN 'Failed'
                            ELSE 'Terminated' END AS status
                FROM jobs j
                LEFT JOIN (SELECT job_idx, inst_id, machine, pod FROM instances WHERE task_idx = 0 AND k = 0) first USING (job_idx)
                LEFT JOIN anomalies a ON a.day = j.day;
                ALTER TABLE job_runs ADD COLUMN end_time DOUBLE;
                UPDATE job_runs SET end_time = CASE
                    WHEN status IN ('Waiting', 'Running') THEN NULL
                    WHEN status = 'Failed' THEN round(start_time + duration * (0.05 + 0.6 * u('failat', job_idx)))
                    ELSE round(start_time + duration) END;
                """),
        ]
    }

    /// The SELECT that produces one table's rows, in the trace's column order.
    func select(_ table: String) -> String {
        switch table {
        case "pai_machine_spec":
            return "SELECT machine, gpu_type, cap_cpu, cap_mem, cap_gpu FROM machines ORDER BY idx"
        case "pai_job_table":
            return "SELECT job_name, inst_id, user_name, status, start_time, end_time FROM job_runs ORDER BY job_idx"
        case "pai_task_table":
            return """
                SELECT t.job_name, t.task_name, t.inst_num, j.status, j.start_time, j.end_time, t.plan_cpu, t.plan_mem, t.plan_gpu, t.gpu_type
                FROM tasks t JOIN job_runs j USING (job_idx) ORDER BY t.job_idx, t.task_idx
                """
        case "pai_instance_table":
            return """
                SELECT i.job_name, i.task_name, i.inst_name, i.worker_name, i.inst_id,
                       CASE WHEN j.status IN ('Terminated', 'Failed') AND u3('intr', i.job_idx, i.task_idx, i.k) < 0.02 THEN 'Interrupted'
                            WHEN f.kind = 'flapping' AND j.status IN ('Terminated', 'Running') THEN 'Failed'
                            ELSE j.status END AS status,
                       CASE WHEN j.start_time IS NULL THEN NULL ELSE round(j.start_time + u3('istart', i.job_idx, i.task_idx, i.k) * 30) END AS start_time,
                       CASE WHEN j.end_time IS NULL THEN NULL ELSE j.end_time END AS end_time,
                       CASE WHEN j.start_time IS NULL THEN NULL ELSE i.machine END AS machine
                FROM instances i JOIN job_runs j USING (job_idx)
                LEFT JOIN machine_faults f ON f.machine = i.machine AND j.day BETWEEN f.first_day AND f.last_day AND f.kind = 'flapping'
                ORDER BY i.job_idx, i.task_idx, i.k
                """
        case "pai_sensor_table":
            return """
                SELECT i.job_name, i.task_name, i.worker_name, i.inst_id, i.machine, '/dev/nvidia' || (i.k % 8) AS gpu_name,
                       round(i.plan_cpu * (0.3 + 0.6 * u3('scpu', i.job_idx, i.task_idx, i.k)), 4) AS cpu_usage,
                       CASE WHEN i.plan_gpu IS NULL THEN NULL
                            WHEN j.status = 'Failed' AND a.kind = 'failing_pod' THEN 0.0
                            ELSE round(least(i.plan_gpu, i.plan_gpu * j.efficiency * (0.6 + 0.5 * u3('sgpu', i.job_idx, i.task_idx, i.k))), 4) END AS gpu_wrk_util,
                       round(i.plan_mem * (0.2 + 0.6 * u3('smem', i.job_idx, i.task_idx, i.k)), 4) AS avg_mem,
                       round(i.plan_mem * (0.8 + 0.2 * u3('smax', i.job_idx, i.task_idx, i.k)), 4) AS max_mem,
                       CASE WHEN i.plan_gpu IS NULL THEN NULL ELSE round(i.plan_gpu / 100.0 * 16 * u3('sgmem', i.job_idx, i.task_idx, i.k), 4) END,
                       CASE WHEN i.plan_gpu IS NULL THEN NULL ELSE round(i.plan_gpu / 100.0 * 16 * (0.5 + 0.5 * u3('sgmax', i.job_idx, i.task_idx, i.k)), 4) END,
                       round(exp(18 + 2 * gauss3('sread', i.job_idx, i.task_idx, i.k))) AS read,
                       round(exp(16 + 2 * gauss3('swrite', i.job_idx, i.task_idx, i.k))) AS write,
                       round(exp(8 + 2 * gauss3('src', i.job_idx, i.task_idx, i.k))) AS read_count,
                       round(exp(6 + 2 * gauss3('swc', i.job_idx, i.task_idx, i.k))) AS write_count
                FROM instances i JOIN job_runs j USING (job_idx) LEFT JOIN anomalies a ON a.day = j.day
                WHERE j.start_time IS NOT NULL
                ORDER BY i.job_idx, i.task_idx, i.k
                """
        case "pai_group_tag_table":
            return """
                SELECT inst_id, user_name,
                       CASE WHEN preferred_type IS NOT NULL AND u('gspec', job_idx) < 0.3 THEN preferred_type END AS gpu_type_spec,
                       hexid('group', user_idx || '.' || floor(u('grp', job_idx) * 6)::INTEGER, 32) AS "group", workload
                FROM job_runs WHERE inst_id IS NOT NULL ORDER BY job_idx
                """
        default:
            return metricSelect
        }
    }

    /// One table's rows as hourly drops: each row with the hour (`hour`, e.g. 1970-01-05T13) in
    /// which a collector would have written it. A job, its tasks and its instances land when they
    /// end, and, when they ran across hours, also as 'Running' rows with no end in the hour they
    /// started (so a later drop updates an earlier one's rows); sensors when their job ends; a
    /// job's group tag when it starts; machine metrics when sampled; the machine table first.
    func hourlySelect(_ table: String) -> String {
        let rows = "WITH rows AS (\(select(table)))"
        let body: String
        switch table {
        case "pai_job_table", "pai_task_table", "pai_instance_table":
            body = """
                SELECT r.*, h.end_hour AS drop_hour FROM rows r JOIN job_hours h USING (job_name)
                UNION ALL
                SELECT r.* REPLACE ('Running' AS status, NULL::DOUBLE AS end_time), h.start_hour
                FROM rows r JOIN job_hours h USING (job_name) WHERE h.end_hour > h.start_hour AND r.end_time IS NOT NULL
                """
        case "pai_sensor_table": body = "SELECT r.*, h.end_hour AS drop_hour FROM rows r JOIN job_hours h USING (job_name)"
        case "pai_group_tag_table": body = "SELECT r.*, h.start_hour AS drop_hour FROM rows r JOIN job_hours h USING (inst_id)"
        case "pai_machine_spec": body = "SELECT r.*, 0 AS drop_hour FROM rows r"
        default: body = "SELECT r.*, floor(r.start_time / 3600)::BIGINT AS drop_hour FROM rows r"
        }
        return """
            \(rows)
            SELECT * EXCLUDE (drop_hour), strftime(make_timestamp(drop_hour * 3600000000), '%Y-%m-%dT%H') AS hour FROM (\(body))
            """
    }

    /// Each job's first and last hour, for `hourlySelect`.
    static let jobHours = """
        CREATE OR REPLACE TABLE job_hours AS
        SELECT job_name, any_value(inst_id) AS inst_id,
               min(floor(coalesce(start_time, submit_time) / 3600))::BIGINT AS start_hour,
               max(floor(coalesce(end_time, start_time, submit_time) / 3600))::BIGINT AS end_hour
        FROM job_runs GROUP BY job_name
        """

    /// Machine metrics at the real trace's density, with diurnal and weekly cycles, the anomalous
    /// days and the sick machines.
    private var metricSelect: String {
        """
        WITH per_machine AS (
            SELECT m.*, (total // n + (m.idx < total % n)::INTEGER)::INTEGER AS samples
            FROM machines m, (SELECT count(*) AS n, round(count(*) * \(days) * \(metricsPerMachineDay))::BIGINT AS total FROM machines)),
        samples AS (
            SELECT p.machine, p.idx, p.cap_gpu, p.cap_cpu, p.pod, k::INTEGER AS k,
                   round(\(start) + k * (\(days * 86_400)::DOUBLE / p.samples) + u3('mjit', p.idx, k, 0) * 60) AS start_time,
                   \(days * 86_400)::DOUBLE / p.samples AS interval
            FROM per_machine p, range(p.samples) r(k)),
        shaped AS (
            SELECT s.*, floor((s.start_time - \(start)) / 86400)::INTEGER AS day,
                   ((s.start_time - \(start)) % 86400) / 3600.0 AS hour
            FROM samples s),
        utilised AS (
            SELECT sh.*, a.kind, a.pod AS anomaly_pod,
                   greatest(0, least(1,
                       (0.50 + 0.22 * sin(2 * pi() * (sh.hour - 9) / 24)) * (CASE WHEN sh.day % 7 >= 5 THEN 0.78 ELSE 1.0 END)
                       + 0.12 * gauss('moff', sh.idx) + 0.10 * gauss3('mnoise', sh.idx, sh.k, 0))) AS base
            FROM shaped sh LEFT JOIN anomalies a ON a.day = sh.day),
        final AS (
            SELECT *, CASE WHEN kind = 'cluster_dip' THEN base * 0.3
                           WHEN kind = 'spike' THEN greatest(base, 0.9 + 0.08 * u3('mspike', idx, k, 0))
                           WHEN kind = 'failing_pod' AND anomaly_pod = pod THEN 0.0
                           ELSE base END AS util
            FROM utilised),
        faulty AS (
            -- A sick machine's GPUs and CPUs (the sick machines step); a flapping machine reports
            -- only while it is up.
            SELECT fi.*, f.kind AS fault,
                   CASE f.kind WHEN 'idle_allocated' THEN 0.0
                               WHEN 'stuck_util' THEN f.stuck_at
                               WHEN 'flapping' THEN CASE WHEN fi.k % 2 = 0 THEN 0.0 ELSE fi.util END
                               ELSE fi.util END AS gpu_util,
                   CASE WHEN f.kind = 'io_bound' THEN 18 + 20 * u3('mfio', fi.idx, fi.k, 0) ELSE 3 * pow(u3('mio', fi.idx, fi.k, 0), 3) END AS iowait
            FROM final fi LEFT JOIN machine_faults f ON f.machine = fi.machine AND fi.day BETWEEN f.first_day AND f.last_day
            WHERE f.kind IS DISTINCT FROM 'flapping' OR floor(fi.hour / 2) % 2 = 0)
        SELECT hexid('mworker', idx || '.' || k, 60) AS worker_name, machine, start_time,
               CASE WHEN u3('mend', idx, k, 0) < 0.004 THEN NULL ELSE round(start_time + interval) END AS end_time,
               round(iowait, 4) AS machine_cpu_iowait,
               round(2 + 6 * u3('mkern', idx, k, 0), 4) AS machine_cpu_kernel,
               round(8 + 55 * util * (0.8 + 0.4 * u3('musr', idx, k, 0)), 4) AS machine_cpu_usr,
               round(gpu_util * 100 * cap_gpu, 4) AS machine_gpu,
               round(CASE WHEN fault = 'io_bound' THEN cap_cpu * (1.2 + 0.8 * u3('mfload', idx, k, 0))
                          ELSE cap_cpu * util * (0.3 + 0.4 * u3('mload', idx, k, 0)) END, 4) AS machine_load_1,
               round(exp(15 + 2 * gauss3('mnet', idx, k, 0)) * util) AS machine_net_receive,
               floor(util * 8 * u3('mwork', idx, k, 0))::INTEGER AS machine_num_worker,
               round(iowait + 2 + 6 * u3('mkern', idx, k, 0) + 8 + 55 * util * (0.8 + 0.4 * u3('musr', idx, k, 0)), 4) AS machine_cpu
        FROM faulty ORDER BY idx, k
        """
    }
}
