import Testing
import LakeProject
@testable import LakeRunner

/// dbt's groups and access (model governance): a private model is its group's alone.
@Suite struct ModelAccessTests {
    func project(stagingGroup: String?, access: String, groups: [String] = ["platform"]) throws -> FixtureProject {
        let project = try FixtureProject()
        let groupList = groups.map { "  - name: \($0)\n    owner: {email: \($0)@example.com}\n" }.joined()
        try project.write("models/staging/governance.yml", """
            version: 2
            groups:
            \(groupList)models:
              - name: stg_jobs
                access: \(access)
            \(stagingGroup.map { "    group: \($0)\n" } ?? "")
            """)
        return project
    }

    @Test func aPrivateModelRefdFromOutsideItsGroupIsAnErrorAsInDbt() throws {
        let project = try project(stagingGroup: "platform", access: "private")
        let error = #expect(throws: ProjectError.self) { try project.run() }
        #expect(error?.description.contains("node model.shop.job_events attempted to reference node model.shop.stg_jobs, which is not allowed "
                                            + "because the referenced node is private to the 'platform' group") == true, "\(String(describing: error))")
        #expect(error?.description.hasPrefix("models/marts/job_events.sql: ") == true)
    }

    @Test func theSameGroupOrWiderAccessMayRefIt() throws {
        // Protected and public models may be ref'd from anywhere in the project.
        for access in ["protected", "public"] {
            let (summary, output) = try project(stagingGroup: "platform", access: access).run()
            #expect(summary.exitCode == 0, "\(output)")
        }
        // The models that ref it, in its group (by folder in lake.yml's models:), may ref a private one.
        let same = try project(stagingGroup: "platform", access: "private")
        var yaml = try String(contentsOfFile: same.path("lake.yml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "    marts:\n", with: "    marts:\n      +group: platform\n")
        try same.write("lake.yml", yaml)
        let (summary, output) = try same.run()
        #expect(summary.exitCode == 0, "\(output)")
    }

    @Test func aPrivateModelNeedsAGroupAndAGroupItsDefinition() throws {
        let lonely = #expect(throws: ProjectError.self) { try project(stagingGroup: nil, access: "private").run() }
        #expect(lonely?.description == "models/staging/stg_jobs.sql: stg_jobs is private but in no group: give it a `group:` (a private model is its group's alone)")
        let unknown = #expect(throws: ProjectError.self) { try project(stagingGroup: "finance", access: "public").run() }
        #expect(unknown?.description == "models/staging/stg_jobs.sql: stg_jobs is in group 'finance', which no `groups:` entry defines (defined: platform)")
        let level = #expect(throws: ProjectError.self) { try project(stagingGroup: "platform", access: "secret").run() }
        #expect(level?.description.contains("has access 'secret'; dbt's levels are private, protected and public") == true)
    }
}
