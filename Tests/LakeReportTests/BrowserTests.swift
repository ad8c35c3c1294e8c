import Foundation
import Testing
@testable import LakeReport

/// Both pages in a real headless browser (Debian's chromium, which `make test` installs through
/// scripts/bootstrap --with-browser): the screenshots are not blank, and the pages log nothing.
@Suite(.serialized) struct BrowserTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let stats = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/png_stats.py").path

    /// Renders `html` at `width`; returns the screenshot's statistics and what the browser logged.
    static func screenshot(_ html: String, name: String, dark: Bool = false) throws -> (distinct: Int, ink: Double, brightness: Double, log: String) {
        let browser = try #require(chromium, "chromium is not installed: run scripts/bootstrap --with-browser (make test does)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-browser-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try html.write(toFile: folder + "/\(name).html", atomically: true, encoding: .utf8)
        var arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--enable-logging=stderr", "--v=0",
                         "--user-data-dir=\(folder)/profile", "--window-size=1200,1800", "--screenshot=\(folder)/\(name).png"]
        if dark { arguments += ["--force-dark-mode", "--blink-settings=preferredColorScheme=0"] }
        let log = try run(browser, arguments + ["file://\(folder)/\(name).html"])
        let output = try run("/usr/bin/env", ["python3", stats, folder + "/\(name).png"]).split(separator: " ")
        return (Int(output[2])!, Double(output[3])!, Double(output[4].trimmingCharacters(in: .whitespacesAndNewlines))!, log)
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// Console messages and failed loads are what a page "logged".
    static func pageErrors(_ log: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains(":CONSOLE(") || $0.contains("Uncaught") || $0.contains("Failed to load resource") }
    }

    @Test func theReportRendersInLightAndDark() throws {
        let report = ReportPagesTests.built.report
        let light = try Self.screenshot(report, name: "report")
        #expect(light.distinct > 50, "a blank page has a handful of colours, not \(light.distinct)")
        #expect(light.ink > 0.05)
        #expect(light.brightness > 180, "the light scheme is light")
        #expect(Self.pageErrors(light.log).isEmpty, "\(Self.pageErrors(light.log))")
        let dark = try Self.screenshot(report, name: "report-dark", dark: true)
        #expect(dark.distinct > 50)
        #expect(dark.brightness < 90, "the dark scheme is dark (\(dark.brightness))")
        #expect(Self.pageErrors(dark.log).isEmpty)
    }

    /// The DOM after the page's scripts ran (`--dump-dom`).
    static func dom(_ html: String, name: String) throws -> String {
        let browser = try #require(chromium, "chromium is not installed: run scripts/bootstrap --with-browser (make test does)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lake-browser-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try html.write(toFile: folder + "/\(name).html", atomically: true, encoding: .utf8)
        return try run(browser, ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(folder)/profile", "--window-size=1200,1800",
                                 "--dump-dom", "file://\(folder)/\(name).html"])
    }

    @Test func theFleetSectionsAreLaidOut() throws {
        // A probe measures each new section's table or chart as the browser laid it out.
        let ids = ["open-alerts", "sick-machines", "budgets", "energy-by-type", "energy-by-user"]
        let probe = """
            <script>document.body.dataset.layout = [\(ids.map { "'\($0)'" }.joined(separator: ", "))].map(id => { const e = document.getElementById(id);
              if (!e) return id + ':missing'; const r = e.getBoundingClientRect(); return id + ':' + Math.round(r.width) + 'x' + Math.round(r.height); }).join(',');</script>
            """
        let html = ReportPagesTests.built.report.replacingOccurrences(of: "</body>", with: probe + "</body>")
        let dom = try Self.dom(html, name: "report-layout")
        let layout = try #require(dom.components(separatedBy: "data-layout=\"").dropFirst().first?.prefix { $0 != "\"" }, "no layout in \(dom.prefix(300))")
        let sizes = Dictionary(uniqueKeysWithValues: layout.split(separator: ",").map { item in
            let parts = item.split(separator: ":")
            let size = parts[1].split(separator: "x").compactMap { Int($0) }
            return (String(parts[0]), size)
        })
        for id in ids {
            let size = try #require(sizes[id], "\(id) is missing")
            #expect(size.count == 2 && size[0] > 200 && size[1] > 40, "\(id) laid out at \(size)")
        }
    }

    @Test func theDocsPageRenders() throws {
        let shot = try Self.screenshot(ReportPagesTests.built.docs, name: "docs")
        #expect(shot.distinct > 30)
        #expect(shot.ink > 0.03)
        #expect(Self.pageErrors(shot.log).isEmpty, "\(Self.pageErrors(shot.log))")
    }

    @Test func aPageWithAScriptErrorIsCaught() throws {
        // The check itself can fail: a broken script shows up in the log.
        let shot = try Self.screenshot("<!DOCTYPE html><html><body><p>x</p><script>undefinedFunction()</script></body></html>", name: "broken")
        #expect(!Self.pageErrors(shot.log).isEmpty)
    }
}
