import Foundation
import Testing
import LakeDuckDB
@testable import LakeLakehouse

/// A trace small enough to compute by hand: two machines, two days, two jobs.
@Suite struct GoldValueTests {
    // Times: day 1 is 1970-01-05 (a Monday; 345600 s), day 2 is 1970-01-06 (432000 s).
    static let machines = ["m00000000000000000000001,V100,96,512,8", "m00000000000000000000002,T4,96,512,2"]
    static let metrics = [
        // worker, machine, start, end, iowait, kernel, usr, machine_gpu, load_1, net, workers, machine_cpu
        "w1,m00000000000000000000001,345600,349200,1,2,7,400,10,100,2,10",   // day 1: V100 at 400 of 800 (50 % per GPU), 1 h
        "w2,m00000000000000000000002,345600,349200,1,2,17,100,10,100,1,20",  // day 1: T4 at 100 of 200 (50 % per GPU), 1 h
        "w3,m00000000000000000000001,352800,356400,1,2,27,800,10,100,4,30",  // day 1: V100 saturated, 1 h
        "w4,m00000000000000000000001,432000,435600,1,2,37,0,10,100,0,40",    // day 2: V100 idle, 1 h
        "w5,m00000000000000000000002,432000,,1,2,37,200,10,100,0,40",        // day 2: no end_time: not in silver
    ]
    static let jobs = [
        "j00000000000000000000001,i1,u00000000001,Terminated,345600,352800",  // 2 h
        "j00000000000000000000002,i2,u00000000002,Failed,432000,433800",      // 0.5 h
    ]
    static let tasks = [
        "j00000000000000000000001,worker,2,Terminated,345600,352800,600,32,200,V100",  // 2 GPUs, 32 GB per instance
        "j00000000000000000000002,worker,1,Failed,432000,433800,400,8,100,T4",         // 1 GPU, 8 GB
    ]
    static let instances = [
        "j00000000000000000000001,worker,n1,k1,i1,Terminated,345600,352800,m00000000000000000000001",
        "j00000000000000000000001,worker,n2,k2,i1b,Terminated,345600,352800,m00000000000000000000001",
        "j00000000000000000000002,worker,n3,k3,i2,Failed,432000,433800,m00000000000000000000002",
    ]
    static let sensors = [
        // job, task, worker, inst, machine, gpu, cpu, gpu_wrk_util, avg_mem, max_mem, avg_gmem, max_gmem, read, write, rc, wc
        "j00000000000000000000001,worker,k1,i1,m00000000000000000000001,/dev/nvidia0,300,150,20,30,10,12,1,1,1,1",  // 1.5 of 2 GPUs
        "j00000000000000000000001,worker,k2,i1b,m00000000000000000000001,/dev/nvidia1,300,50,20,30,10,12,1,1,1,1",  // 0.5 of 2 GPUs
        "j00000000000000000000002,worker,k3,i2,m00000000000000000000002,/dev/nvidia0,200,100,4,6,5,6,1,1,1,1",      // 1 of 1 GPU
    ]
    static let tags = ["i1,u00000000001,V100,g1,bert", "i2,u00000000002,,g2,resnet"]

    @Test func goldMatchesHandComputedValues() throws {
        let project = try LakehouseProject(withSample: false)
        try project.writeRaw("pai_machine_spec.csv", Self.machines)
        try project.writeRaw("pai_machine_metric.csv", Self.metrics)
        try project.writeRaw("pai_job_table.csv", Self.jobs)
        try project.writeRaw("pai_task_table.csv", Self.tasks)
        try project.writeRaw("pai_instance_table.csv", Self.instances)
        try project.writeRaw("pai_sensor_table.csv", Self.sensors)
        try project.writeRaw("pai_group_tag_table.csv", Self.tags)
        let (summary, output) = try project.run()
        #expect(summary.exitCode == 0, "\(output)")

        // Day 1: samples 400, 100, 800 → mean 433.33…, p95 (linear) = 100 + … → 760; CPU 10, 20, 30 → 20.
        // Day 2: one sample (the one without an end_time is dropped): 0; CPU 40.
        let daily = try project.query("SELECT dt::VARCHAR, avg_gpu_util, p95_gpu_util, avg_cpu_util, machines, jobs_started FROM gold_cluster_util_daily ORDER BY dt")
        #expect(daily.rowCount == 2)
        #expect(daily[0, 0] == "1970-01-05")
        #expect(abs((try daily.value(Double.self, row: 0, column: 1) ?? 0) - 1300.0 / 3) < 1e-9)
        #expect(abs((try daily.value(Double.self, row: 0, column: 2) ?? 0) - 760) < 1e-9)   // 400 + 0.9 × (800 − 400)
        #expect(try daily.value(Double.self, row: 0, column: 3) == 20)
        #expect(daily.rows[0][4...] == [.integer(2), .integer(1)])
        #expect(daily.rows[1][1...] == [.double(0), .double(0), .double(40), .integer(1), .integer(1)])

        // Job 1: two instances × 2 GPUs × 2 h = 8 GPU-hours allocated; used (1.5 + 0.5) × 2 h = 4; efficiency 0.5.
        // Job 2: 1 GPU × 0.5 h allocated; used 1 × 0.5 = 0.5; efficiency 1.
        let jobs = try project.query("SELECT job_id, gpu_hours_allocated, gpu_hours_used, efficiency, memory_gb_hours_over FROM gold_job_usage ORDER BY job_id")
        #expect(jobs.rows == [
            ["j00000000000000000000001", .double(8), .double(4), .double(0.5), .double(64)],  // (32 − 16) GB × 2 h × 2 instances
            ["j00000000000000000000002", .double(0.5), .double(0.5), .double(1), .double(0)],
        ])

        // Billing: job 1 = 8 × 2.50 + 64 × 0.10 = 20 + 6.40, overhead 5 % = 1.32, total 27.72.
        let bill = try project.query("""
            SELECT gpu_cost, memory_cost, overhead_cost, total_cost FROM gold_billing
            WHERE grain = 'job' AND period = 'day' AND job_id = 'j00000000000000000000001'
            """)
        #expect(bill.rows == [[.double(20), .double(6.4), .double(1.32), .double(27.72)]])
        #expect(try project.query("SELECT round(sum(total_cost), 6) FROM gold_billing WHERE grain = 'user' AND period = 'month'").scalar(Double.self)
            == 27.72 + 0.5 * 2.5 * 1.05)

        // Node usage: V100 over 3 h: used 4 + 8 + 0 = 12 of 24 GPU-hours, idle share 1/3; T4: 1 of 2.
        let nodes = try project.query("SELECT machine_id, gpu_hours_used, gpu_hours_capacity, idle_share FROM gold_node_usage ORDER BY machine_id")
        #expect(nodes.rows == [
            ["m00000000000000000000001", .double(12), .double(24), .double(1.0 / 3)],
            ["m00000000000000000000002", .double(1), .double(2), .double(0)],
        ])

        // Energy: GPU-hours used × the board power of the machine's GPUs (gpu_specs): job 1 used 4 on a
        // V100 (300 W), 1.2 kWh; job 2 0.5 on a T4 (70 W), 0.035 kWh. The same by user and day, and by bill.
        let energy = try project.query("SELECT job_id, round(energy_kwh, 9) FROM gold_job_usage ORDER BY job_id")
        #expect(energy.rows == [["j00000000000000000000001", .double(1.2)], ["j00000000000000000000002", .double(0.035)]])
        #expect(try project.query("SELECT round(energy_kwh, 9) FROM gold_user_gpu_usage_daily WHERE user_id = 'u00000000002'").scalar(Double.self) == 0.035)
        #expect(try project.query("SELECT round(sum(energy_kwh), 9) FROM gold_billing WHERE grain = 'user' AND period = 'month'").scalar(Double.self) == 1.235)
        #expect(try project.query("SELECT gpu_board_power_w FROM silver_machines WHERE gpu_type = 'T4'").scalar(Int.self) == 70)

        // Machine days: the V100 on day 1 at 50 % and 100 % per GPU (mean 75), 12 GPU-hours used
        // (3.6 kWh at 300 W) of 8 allocated (job 1's two 2-GPU instances for 2 h); idle all day 2.
        let machineDays = try project.query("""
            SELECT machine_id, dt::VARCHAR, samples, mean_gpu_util_pct, idle_share, gpu_hours_used, gpu_hours_allocated, round(energy_kwh, 9)
            FROM gold_machine_day ORDER BY machine_id, dt
            """)
        #expect(machineDays.rows == [
            ["m00000000000000000000001", "1970-01-05", .integer(2), .double(75), .double(0), .double(12), .double(8), .double(3.6)],
            ["m00000000000000000000001", "1970-01-06", .integer(1), .double(0), .double(1), .double(0), .double(0), .double(0)],
            ["m00000000000000000000002", "1970-01-05", .integer(1), .double(50), .double(0), .double(1), .double(0), .double(0.07)],
        ])

        // Users: u2's only job failed.
        #expect(try project.query("SELECT failure_rate FROM gold_user_gpu_usage_daily WHERE user_id = 'u00000000002'").scalar(Double.self) == 1)
        let efficiency = try project.query("SELECT bucket, jobs FROM gold_job_efficiency WHERE jobs > 0 ORDER BY bucket")
        #expect(efficiency.rows == [[.integer(5), .integer(1)], [.integer(9), .integer(1)]])
    }
}
