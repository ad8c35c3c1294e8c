import Foundation
import Testing

/// `lake run`, `test`, `compile` and `ls` as a user runs them: output and exit status.
@Suite struct LakeRunCommandTests {
    static func copyFixture() throws -> String {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../LakeRunnerTests/Fixtures/shop").standardized.path
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-cli-shop-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: root)
        return root
    }

    @Test func exitStatusesFollowTheRun() throws {
        let root = try Self.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try LakeExecutableTests.lake("run", "--project-dir", root, "--threads", "2")
        #expect(run.status == 0, "\(run.error)")
        #expect(run.output.contains("Done. PASS=18 WARN=1 ERROR=0 SKIP=0"))
        let test = try LakeExecutableTests.lake("test", "--project-dir", root, "-s", "machine_usage")
        #expect(test.status == 0)
        #expect(test.output.contains("PASS  test unique_machine_usage_machine_id"))

        try "select nope from {{ ref('stg_jobs') }}".write(toFile: root + "/models/marts/broken.sql", atomically: true, encoding: .utf8)
        let failing = try LakeExecutableTests.lake("run", "--project-dir", root, "--select", "broken")
        #expect(failing.status == 1)
        #expect(failing.output.contains("ERROR table broken"))
        #expect(failing.output.contains("Referenced column \"nope\" not found"))

        try "select {{ nope }}".write(toFile: root + "/models/marts/broken.sql", atomically: true, encoding: .utf8)
        // A template error is the model's: it fails (naming file, line and column), every other node runs.
        let template = try LakeExecutableTests.lake("run", "--project-dir", root)
        #expect(template.status == 1)
        #expect(template.output.contains("models/marts/broken.sql:1:11: error: 'nope' is undefined"))
        #expect(template.output.contains("ERROR=1 SKIP=0"))
        #expect(template.output.contains("OK    table machine_usage"))
        #expect(try LakeExecutableTests.lake("ls", "--project-dir", root).output.contains("broken"))
        #expect(try LakeExecutableTests.lake("run", "--project-dir", root, "--selct", "x").status == 2)
    }

    @Test func compileAndList() throws {
        let root = try Self.copyFixture()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let compiled = try LakeExecutableTests.lake("compile", "--project-dir", root, "--select", "machine_usage")
        #expect(compiled.status == 0, "\(compiled.error)")
        #expect(compiled.output.contains("with __dbt__cte__stg_machines as ("))
        #expect(compiled.output.contains("from \"main\".\"machines\""))
        #expect(FileManager.default.fileExists(atPath: root + "/target/compiled/shop/models/marts/machine_usage.sql"))
        let listed = try LakeExecutableTests.lake("ls", "--project-dir", root, "-s", "tag:staging")
        #expect(listed.output == "stg_jobs      model  view\nstg_machines  model  ephemeral\n")
        let json = try LakeExecutableTests.lake("ls", "--project-dir", root, "-s", "machines", "--output", "json")
        #expect(json.output.contains("\"unique_id\": \"seed.shop.machines\""))
    }
}
