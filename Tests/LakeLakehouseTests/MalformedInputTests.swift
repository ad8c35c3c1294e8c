import Foundation
import Testing
import LakeDuckDB
import LakeIngest
import LakeRunner
@testable import LakeLakehouse

/// Every kind of malformed or unusual raw file a landing folder sees, each in its own file beside
/// the shipped sample: the exact good rows that load, the rejected lines by number and reason, and
/// the file's accounting — the same after an incremental run (the files dropped after a clean run)
/// and after --full-refresh.
@Suite struct MalformedInputTests {
    /// One class of input: the file's bytes and everything lake must make of them.
    struct Case {
        let name: String
        /// The file, relative to data_raw/pai_task_table/.
        let file: String
        let bytes: [UInt8]
        /// task_name of each row that must load, in order.
        let loaded: [String]
        /// (line, error_type) of each rejected line, in order.
        let rejects: [Reject]
        let status: String
        let read: Int
        let blank: Int
        /// The name the ingestion log knows the file by, when not the file itself (an archive's member).
        var logName: String? = nil

        struct Reject: Equatable, CustomStringConvertible {
            let line: Int?
            let type: String
            var description: String { "\(line.map(String.init) ?? "-") \(type)" }
        }
    }

    /// A good pai_task_table line whose task_name is `task`.
    static func row(_ task: String, instances: String = "1", start: String = "100.0") -> String {
        "job\(task),\(task),\(instances),Terminated,\(start),200.0,600.0,29.3,100.0,V100"
    }
    static func text(_ lines: [String], end: String = "\n") -> [UInt8] { Array((lines.joined(separator: "\n") + end).utf8) }
    static func r(_ line: Int?, _ type: String) -> Case.Reject { Case.Reject(line: line, type: type) }
    static let header = "job_name,task_name,inst_num,status,start_time,end_time,plan_cpu,plan_mem,plan_gpu,gpu_type"

    @Test func everyClassIsLoadedRejectedOrReportedIncrementallyAndOnFullRefresh() throws {
        let project = try LakehouseProject()
        let bronze: (inout RunOptions) -> Void = { $0.select = ["tag:bronze"] }
        try project.run(bronze)
        let folder = project.path("data_raw/pai_task_table")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let cases = try Self.cases(in: NSTemporaryDirectory())
        #expect(cases.count >= 40)
        for item in cases {
            let path = folder + "/" + item.file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(item.bytes).write(to: URL(fileURLWithPath: path))
        }
        for (name, _) in Self.ignored { try Data("not data\n".utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let sampleTasks = try project.count("SELECT count(*) FROM bronze_task_table")

        for fullRefresh in [false, true] {
            let (summary, output) = try project.run { bronze(&$0); $0.fullRefresh = fullRefresh }
            let lake = try project.reader()
            let mode = fullRefresh ? "--full-refresh" : "incremental"
            #expect(summary.result(for: "bronze_task_table")?.status == .success, "\(mode): \(summary.result(for: "bronze_task_table")?.message ?? "")")
            for item in cases {
                let file = item.logName ?? "data_raw/pai_task_table/" + item.file
                let literal = "'" + file.replacingOccurrences(of: "'", with: "''") + "'"
                let loaded = try lake.query("SELECT task_name FROM bronze_task_table WHERE _source_file = \(literal) ORDER BY task_name")
                    .columns[0].decode(String.self).compactMap { $0 }
                #expect(loaded == item.loaded.sorted(), "\(mode) \(item.name): rows")
                let rejects = try lake.query("SELECT line, error_type FROM bronze_rejects WHERE file = \(literal) ORDER BY line").rows
                    .map { Case.Reject(line: $0[0] == .null ? nil : Int($0[0].description), type: $0[1].description) }
                #expect(rejects == item.rejects, "\(mode) \(item.name): rejects")
                let log = try lake.query("""
                    SELECT status, lines_read, rows_loaded, rows_rejected, lines_blank FROM bronze_ingested_files WHERE file = \(literal)
                    """).rows.map { $0.map(\.description) }
                let rejected = item.status == "quarantined" ? item.read - item.blank : item.rejects.count
                #expect(log == [[item.status, "\(item.read)", "\(item.loaded.count)", "\(rejected)", "\(item.blank)"]], "\(mode) \(item.name): accounting")
            }
            let outcome = try #require(summary.result(for: "bronze_task_table")?.ingestion)
            for (name, why) in Self.ignored {
                let file = outcome.files.first { $0.file == "data_raw/pai_task_table/" + name }
                #expect(file?.action == .notIngested && file?.detail?.contains(why) == true, "\(mode) \(name)")
                #expect(output.contains("data_raw/pai_task_table/\(name): not ingested: \(why)"), "\(mode) \(name)")
            }
            #expect(outcome.count(.quarantined) == cases.filter { $0.status == "quarantined" }.count)
            #expect(outcome.count(.duplicate) == 1)
            #expect(output.contains("data_raw/pai_task_table/clean_copy.csv: same content as data_raw/pai_task_table/clean.csv"))
            // The sample's own file is untouched by all of this, and nothing is loaded twice.
            #expect(try project.count("SELECT count(*) FROM bronze_task_table") == sampleTasks + cases.reduce(0) { $0 + $1.loaded.count })
            #expect(try project.count("""
                SELECT count(*) FROM bronze_ingested_files WHERE lines_read != rows_loaded + rows_rejected + lines_blank
                """) == 0)
        }
    }

    static func cases(in folder: String) throws -> [Case] {
        var cases: [Case] = []
        func add(_ name: String, _ file: String, _ bytes: [UInt8], loaded: [String], rejects: [Case.Reject] = [], status: String = "loaded",
                 read: Int? = nil, blank: Int = 0, logName: String? = nil) {
            cases.append(Case(name: name, file: file, bytes: bytes, loaded: loaded, rejects: rejects, status: status,
                              read: read ?? (loaded.count + rejects.count + blank), blank: blank, logName: logName))
        }
        let good = ["a1", "a2", "a3"].map { row($0) }
        add("clean", "clean.csv", text(good), loaded: ["a1", "a2", "a3"])
        add("a trailing empty line", "trailing_blank.csv", text(good, end: "\n\n"), loaded: ["a1", "a2", "a3"], blank: 1)
        add("blank lines in the middle", "blank_middle.csv", text([row("b1"), "", "   ", "\t", row("b2")]), loaded: ["b1", "b2"], blank: 3)
        add("CRLF line ends", "crlf.csv", Array((row("c1") + "\r\n" + row("c2") + "\r\n").utf8), loaded: ["c1", "c2"])
        add("a CRLF blank line", "crlf_blank.csv", Array((row("c3") + "\r\n\r\n" + row("c4") + "\r\n").utf8), loaded: ["c3", "c4"], blank: 1)
        add("a header", "header.csv", text([header, row("d1"), row("d2")]), loaded: ["d1", "d2"])
        add("an upper-case header", "header_upper.csv", text([header.uppercased(), row("d3")]), loaded: ["d3"])
        add("a quoted header", "header_quoted.csv",
            text([header.split(separator: ",").map { "\"\($0)\"" }.joined(separator: ","), row("d4")]), loaded: ["d4"])
        add("a header after a byte-order mark", "header_bom.csv", [0xEF, 0xBB, 0xBF] + text([header, row("d5")]), loaded: ["d5"])
        add("a header with blanks around names", "header_spaced.csv", text([header.replacingOccurrences(of: ",", with: " , "), row("d6")]), loaded: ["d6"])
        add("a header in mid-file", "header_middle.csv", text([row("e1"), header, row("e2")]), loaded: ["e1", "e2"], rejects: [r(2, "HEADER IN MID-FILE")])
        add("a byte-order mark before data", "bom_data.csv", [0xEF, 0xBB, 0xBF] + text([row("f1"), row("f2")]), loaded: ["f1", "f2"])
        add("Latin-1 é", "latin1.csv", text([row("g1")]) + Array("jobg2,caf".utf8) + [0xE9]
            + Array(",1,Terminated,100.0,200.0,600.0,29.3,100.0,V100\n".utf8) + text([row("g3")]),
            loaded: ["g1", "g3"], rejects: [r(2, "INVALID ENCODING")])
        add("a UTF-16 byte-order mark", "utf16_mark.csv", [0xFF, 0xFE] + text([row("h1"), row("h2")]), loaded: ["h2"], rejects: [r(1, "INVALID ENCODING")])
        add("valid UTF-8 beyond ASCII", "utf8.csv", text([row("ü1"), row("日本")]), loaded: ["ü1", "日本"])
        add("a NUL inside a text field", "nul.csv", text([row("i1"), "jobi2,i\u{0}2,1,Terminated,100.0,200.0,600.0,29.3,100.0,V100", row("i3")]),
            loaded: ["i1", "i3"], rejects: [r(2, "CONTROL CHARACTER")])
        add("a 0x1F byte", "unit_separator.csv", text([row("j1"), "jobj2,j\u{1F}2,1,Terminated,100.0,200.0,600.0,29.3,100.0,V100"]),
            loaded: ["j1"], rejects: [r(2, "CONTROL CHARACTER")])
        add("a DEL byte", "delete.csv", text(["jobk1,k\u{7F}1,1,Terminated,100.0,200.0,600.0,29.3,100.0,V100", row("k2")]),
            loaded: ["k2"], rejects: [r(1, "CONTROL CHARACTER")])
        add("a carriage return inside a line", "lone_cr.csv", text(["jobl1,l1\r,1,Terminated,100.0,200.0,600.0,29.3,100.0,V100", row("l2")]),
            loaded: ["l2"], rejects: [r(1, "CONTROL CHARACTER")])
        add("a tab inside a text field", "tab.csv", text([row("m\t1")]), loaded: ["m\t1"])
        add("a line over 2 MB", "long_line.csv", text([row("n1"), "jobn2,n2,1,Terminated,100.0,200.0,600.0,29.3,100.0," + String(repeating: "x", count: 2_100_000), row("n3")]),
            loaded: ["n1", "n3"], rejects: [r(2, "LINE TOO LONG")])
        add("a quote character", "quote.csv", text([row("o1"), "jobo2,\"o2,1,Terminated,100.0,200.0,600.0,29.3,100.0,V100"]),
            loaded: ["o1"], rejects: [r(2, "BROKEN QUOTING")])
        add("a missing field", "missing_field.csv", text([row("p1"), "jobp2,p2,1,Terminated,100.0,200.0,600.0,29.3,100.0"]),
            loaded: ["p1"], rejects: [r(2, "MISSING COLUMNS")])
        add("a field too many", "extra_field.csv", text([row("q1") + ",surplus", row("q2")]), loaded: ["q2"], rejects: [r(1, "TOO MANY COLUMNS")])
        add("nan", "nan.csv", text([row("s1", start: "nan"), row("s2")]), loaded: ["s2"], rejects: [r(1, "NOT A NUMBER")])
        add("NaN", "nan_upper.csv", text([row("s3"), row("s4", start: "NaN")]), loaded: ["s3"], rejects: [r(2, "NOT A NUMBER")])
        add("inf", "inf.csv", text([row("s5", start: "inf"), row("s6")]), loaded: ["s6"], rejects: [r(1, "NOT A NUMBER")])
        add("-Infinity", "minus_infinity.csv", text([row("s7", start: "-Infinity"), row("s8")]), loaded: ["s8"], rejects: [r(1, "NOT A NUMBER")])
        add("64.5 in a whole-number column", "fraction.csv", text([row("t1", instances: "64.5"), row("t2")]), loaded: ["t2"],
            rejects: [r(1, "FRACTION IN WHOLE NUMBER")])
        add("an exponent in a whole-number column", "exponent.csv", text([row("t3", instances: "1e3"), row("t4")]), loaded: ["t4"],
            rejects: [r(1, "FRACTION IN WHOLE NUMBER")])
        add("64.0 in a whole-number column", "whole_point.csv", text([row("t5", instances: "64.0")]), loaded: ["t5"])
        add("text where a number belongs", "not_a_number.csv", text([row("u1", start: "soon"), row("u2")]), loaded: ["u2"], rejects: [r(1, "CAST")])
        add("empty fields", "empty_fields.csv", text(["jobv1,v1,,Terminated,,,,,,"]), loaded: ["v1"])
        add("a last line without its line break", "no_final_newline.csv", text([row("w1"), row("w2")], end: ""), loaded: ["w1"],
            rejects: [r(2, "TRUNCATED LINE")])
        add("a last line cut inside a number", "cut_in_number.csv", Array((row("w3") + "\njobw4,w4,1,Terminated,100.0,200.0,600.0,29.3,10").utf8),
            loaded: ["w3"], rejects: [r(2, "MISSING COLUMNS")])
        add("an empty file", "empty.csv", [], loaded: [], read: 0)
        add("only a newline", "only_newline.csv", [0x0A], loaded: [], blank: 1)
        add("upper-case .CSV", "UPPER.CSV", text([row("x1")]), loaded: ["x1"])
        add("a name with a quote", "o'brien.csv", text([row("x2")]), loaded: ["x2"])
        add("a nested folder", "2020/07/01/nested.csv", text([row("x3")]), loaded: ["x3"])
        add("a copy of another file", "clean_copy.csv", text(good), loaded: [], status: "duplicate", read: 0)
        add("gzip bytes named .csv", "gzipped.csv", try compress(text([row("y1"), row("y2")]), "gzip", in: folder), loaded: ["y1", "y2"])
        add(".csv.gz", "hourly.csv.gz", try compress(text([row("y3"), "", row("y4", start: "nan")]), "gzip", in: folder), loaded: ["y3"],
            rejects: [r(3, "NOT A NUMBER")], blank: 1)
        add("an empty .csv.gz", "empty.csv.gz", try compress([], "gzip", in: folder), loaded: [], read: 0)
        add(".csv.zst", "hourly.csv.zst", try compress(text([row("y5")]), "zstd", in: folder), loaded: ["y5"])
        add("a .tar.gz of a table's CSV", "trace.tar.gz", try tarball(["pai_task_table.csv": text([row("z1"), row("z2")])], in: folder),
            loaded: ["z1", "z2"], logName: "data_raw/pai_task_table/trace.tar.gz!pai_task_table.csv")
        // The header's modification time (bytes 4-7) is zeroed: a time with a newline byte in it made
        // the garbage read as two lines instead of one, about once in a few dozen runs.
        add("a corrupt gzip", "corrupt.csv.gz", Array(try compress(text([row("y6")]), "gzip", in: folder).prefix(4)) + [0, 0, 0, 0]
                + Array(try compress(text([row("y6")]), "gzip", in: folder).prefix(12).suffix(4)) + Array(repeating: 0x41, count: 40),
            loaded: [], rejects: [r(nil, "QUARANTINED")], status: "quarantined", read: 1)
        add("binary data named .csv", "picture.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0xFF, 0xD8, 0x0A, 0x00, 0x01, 0x02, 0x0A],
            loaded: [], rejects: [r(nil, "QUARANTINED")], status: "quarantined", read: 4)
        add("a whole UTF-16 file", "utf16.csv", [0xFF, 0xFE] + Array(text([row("h3"), row("h4")]).flatMap { [$0, 0] }),
            loaded: [], rejects: [r(nil, "QUARANTINED")], status: "quarantined", read: 3)
        add("another table's file", "jobs_by_mistake.csv", text(["j1,i1,u1,Terminated,1.0,2.0", "j2,i2,u2,Failed,1.0,2.0"]),
            loaded: [], rejects: [r(nil, "QUARANTINED")], status: "quarantined", read: 2)
        return cases
    }

    /// Files that are not ingested, and say why.
    static let ignored = ["README.md": "not a CSV file", ".DS_Store": "a hidden file"]

    /// gzip through the system's gzip (part of every Debian); zstd through DuckDB's own writer,
    /// which writes each line followed by a line break.
    static func compress(_ bytes: [UInt8], _ codec: String, in folder: String) throws -> [UInt8] {
        let source = folder + "/compress-\(UUID().uuidString)", target = source + ".out"
        defer { try? FileManager.default.removeItem(atPath: source); try? FileManager.default.removeItem(atPath: target) }
        if codec == "gzip" {
            try Data(bytes).write(to: URL(fileURLWithPath: source))
            try run("/bin/sh", ["-c", "gzip -c '\(source)' > '\(target)'"])
        } else {
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            let list = lines.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" }.joined(separator: ", ")
            try Database().connect().execute("""
                COPY (SELECT unnest([\(list)]) AS line) TO '\(target)' (FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\u{1}', COMPRESSION zstd)
                """)
        }
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: target)))
    }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    static func tarball(_ members: [String: [UInt8]], in folder: String) throws -> [UInt8] {
        let work = folder + "/tar-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        for (name, bytes) in members { try Data(bytes).write(to: URL(fileURLWithPath: work + "/" + name)) }
        try run("/bin/tar", ["-czf", work + "/out.tar.gz", "-C", work] + members.keys.sorted())
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: work + "/out.tar.gz")))
    }
}
