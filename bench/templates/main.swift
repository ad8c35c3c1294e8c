// bench/templates: generates a project of N templated models (default 1,000) with macros, then
// times parsing and rendering every model with dbt's context, and prints models per second.
//
//   swift run -c release bench-templates [--models N] [--repeat R]
import BenchSupport
import Foundation
import LakeProject
import LakeTemplates

let modelCount = Bench.option("--models", 1_000)
let repeats = Bench.option("--repeat", 5)

// MARK: - Generate the project

let root = Bench.scratchFolder("lake-bench-templates")
let layers = ["bronze", "silver", "gold"]
for layer in layers { try FileManager.default.createDirectory(atPath: "\(root)/models/\(layer)", withIntermediateDirectories: true) }
try FileManager.default.createDirectory(atPath: "\(root)/sql/macros", withIntermediateDirectories: true)

for index in 0..<20 {
    try """
        {% macro metric_\(index)(column, scale=1.0) -%}
            round(avg({{ column }}) * {{ scale }}, 3)
        {%- endmacro %}

        {% macro safe_divide_\(index)(numerator, denominator) -%}
            case when {{ denominator }} = 0 then null else {{ numerator }} / {{ denominator }} end
        {%- endmacro %}
        """.write(toFile: "\(root)/sql/macros/macros_\(index).sql", atomically: true, encoding: .utf8)
}

var modelNames: [String] = []
var modelPaths: [String] = []
for index in 0..<modelCount {
    let layer = layers[min(2, index * 3 / modelCount)]
    let name = "\(layer)_model_\(index)"
    // Each model reads up to three earlier ones, so the project is a real graph.
    let upstream = index == 0 ? [] : Set([index - 1, index / 2, index * 7 % index]).sorted().map { modelNames[$0] }
    let from = upstream.isEmpty ? "read_parquet('data_lake/bronze/raw.parquet')"
        : "{{ ref('\(upstream[0])') }} as base" + upstream.dropFirst().enumerated().map { "\n        left join {{ ref('\($1)') }} as u\($0) using (machine_id, dt)" }.joined()
    let text = """
        {{ config(materialized='\(index % 3 == 0 ? "table" : "view")', tags=['\(layer)', 'bench']) }}
        {%- set metrics = ['gpu_util', 'cpu_util', 'mem_util', 'net_rx', 'net_tx'] %}
        {%- set scale = var('scale', 100) %}
        -- model \(index) of the benchmark project
        select
            machine_id,
            dt,
        {%- for m in metrics %}
            {{ metric_\(index % 20)('base.' ~ m, scale) }} as avg_{{ m }},
            {{ safe_divide_\((index + 1) % 20)('sum(base.' ~ m ~ ')', 'count(*)') }} as mean_{{ m }}{{ ',' if not loop.last }}
        {%- endfor %}
        from \(from)
        {% if is_incremental() -%}
        where dt > (select max(dt) from {{ this }})
        {%- endif %}
        group by machine_id, dt
        """
    let path = "\(root)/models/\(layer)/\(name).sql"
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    modelNames.append(name)
    modelPaths.append(path)
}

// MARK: - Time it

let names = Set(modelNames)
var parseTimes: [Double] = [], renderTimes: [Double] = [], totalTimes: [Double] = []
var bytes = 0
for _ in 0..<repeats {
    var templates: [Template] = []
    var library: MacroLibrary!
    let parse = try Bench.seconds {
        library = try MacroLibrary(root: root, paths: ["sql/macros"])
        templates = try modelPaths.map { path in
            try Template(name: SQLFiles.relative(path, to: root), text: String(contentsOfFile: path, encoding: .utf8))
        }
    }
    let compiler = NodeCompiler(environment: library.environment)
    bytes = 0
    let render = try Bench.seconds {
        for (template, name) in zip(templates, modelNames) {
            let compiled = try compiler.compile(template, context: CompileContext(nodeName: name, modelNames: names))
            bytes += compiled.link(CompileContext.defaultLink).utf8.count
        }
    }
    parseTimes.append(parse)
    renderTimes.append(render)
    totalTimes.append(parse + render)
}

// The same work spread over every core, as the runner does it: one render per model, in parallel.
let cores = ProcessInfo.processInfo.activeProcessorCount
var parallelTimes: [Double] = []
for _ in 0..<repeats {
    let time = try Bench.seconds {
        let library = try MacroLibrary(root: root, paths: ["sql/macros"])
        let compiler = NodeCompiler(environment: library.environment)
        let failures = Failures()
        let modelPaths = modelPaths, modelNames = modelNames
        DispatchQueue.concurrentPerform(iterations: modelCount) { index in
            do {
                let template = try Template(name: SQLFiles.relative(modelPaths[index], to: root),
                                            text: String(contentsOfFile: modelPaths[index], encoding: .utf8))
                _ = try compiler.compile(template, context: CompileContext(nodeName: modelNames[index], modelNames: names))
                    .link(CompileContext.defaultLink)
            } catch {
                failures.record(error)
            }
        }
        if let error = failures.first { throw error }
    }
    parallelTimes.append(time)
}

final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [Error] = []
    func record(_ error: Error) { lock.lock(); errors.append(error); lock.unlock() }
    var first: Error? { lock.lock(); defer { lock.unlock() }; return errors.first }
}

let total = Bench.median(totalTimes)
print("bench/templates: \(modelCount) models, 20 macro files, \(repeats) runs (median), one thread")
print(String(format: "  read + parse:   %8.1f ms", Bench.median(parseTimes) * 1000))
print(String(format: "  render + link:  %8.1f ms  (%d bytes of SQL)", Bench.median(renderTimes) * 1000, bytes))
print(String(format: "  total:          %8.1f ms", total * 1000))
print(String(format: "  models/second:  %8.0f", Double(modelCount) / total))
print(String(format: "  all %d cores:    %8.1f ms  (%.0f models/second)", cores, Bench.median(parallelTimes) * 1000,
             Double(modelCount) / Bench.median(parallelTimes)))
