import Testing
import LakeProject
@testable import LakeRunner

@Suite struct SelectorTests {
    let graph: ProjectGraph
    let project: FixtureProject

    init() throws {
        project = try FixtureProject()
        graph = try ProjectCompiler.compile(try Project.load(root: project.root))
    }

    func names(_ select: [String], exclude: [String] = [], tests: Bool = false) throws -> [String] {
        try Selector(graph: graph).select(select, exclude: exclude, testsFollowParents: tests)
            .compactMap { graph.nodes[$0] }.filter { tests || $0.kind != .test }.map(\.name).sorted()
    }

    /// dbt's default method for a bare word is fqn (dbt-core's is_selected_node): a folder selects
    /// what is under it, with or without the project in front, and a wildcard part matches the rest.
    @Test func bareWordsAndFqnSelectFolders() throws {
        let marts = ["job_events", "machine_usage", "usage_file", "user_summary"]
        #expect(try names(["marts"]) == marts)
        #expect(try names(["shop.marts"]) == marts)
        #expect(try names(["fqn:marts.machine_*"]) == ["machine_usage"])
        // The staging folder holds the raw source's YAML too, so its fqn is under it (as in dbt).
        #expect(try names(["fqn:shop.staging.*"]) == ["raw.jobs", "stg_jobs", "stg_machines"])
        #expect(try names(["staging.stg_jobs"]) == ["stg_jobs"])
        #expect(throws: ProjectError.self) { try names(["mart"]) }
    }

    /// dbt's --indirect-selection: the relationships test between machine_usage and machines comes
    /// with either under eager, with both under cautious, with machine_usage (machines being
    /// upstream) under buildable, and never under empty.
    @Test func indirectSelectionModes() throws {
        let relationships = "relationships_machine_usage_machine_id__machine_id__ref_machines_"
        func tests(_ select: [String], _ mode: Selector.IndirectSelection) throws -> Set<String> {
            Set(try Selector(graph: graph).select(select, indirect: mode).compactMap { graph.nodes[$0] }.filter { $0.kind == .test }.map(\.name))
        }
        #expect(try tests(["machines"], .eager).contains(relationships))
        #expect(try !tests(["machines"], .cautious).contains(relationships))
        #expect(try tests(["machines", "machine_usage"], .cautious).contains(relationships))
        #expect(try tests(["machine_usage"], .buildable).contains(relationships))
        #expect(try !tests(["stg_jobs"], .buildable).contains(relationships))
        #expect(try tests(["machine_usage"], .empty).isEmpty)
    }

    @Test func everyForm() throws {
        #expect(try names(["machine_usage"]) == ["machine_usage"])
        #expect(try names(["+machine_usage"]) == ["machine_usage", "machines", "raw.jobs", "stg_jobs", "stg_machines"])
        #expect(try names(["1+machine_usage"]) == ["machine_usage", "stg_jobs", "stg_machines"])
        // Two steps up reach the seed and the source; one step up does not.
        #expect(try names(["2+machine_usage"]) == ["machine_usage", "machines", "raw.jobs", "stg_jobs", "stg_machines"])
        #expect(try names(["2+user_summary"]) == ["stg_jobs", "usage_file", "user_summary"])
        #expect(try names(["stg_jobs+"]) == ["job_events", "machine_usage", "stg_jobs", "usage_file", "user_summary"])
        #expect(try names(["stg_jobs+1"]) == ["job_events", "machine_usage", "stg_jobs", "usage_file"])
        #expect(try names(["@stg_machines"]) == ["machine_usage", "machines", "raw.jobs", "stg_jobs", "stg_machines"])
        #expect(try names(["tag:staging"]) == ["stg_jobs", "stg_machines"])
        #expect(try names(["path:models/marts"]) == ["job_events", "machine_usage", "usage_file", "user_summary"])
        #expect(try names(["path:models/marts/job_events.sql"]) == ["job_events"])
        #expect(try names(["config.materialized:table"]) == ["machine_usage", "user_summary"])
        #expect(try names(["config.materialized:seed"]) == ["machines"])
        #expect(try names(["source:raw"]) == ["raw.jobs"])
        #expect(try names(["stg_*"]) == ["stg_jobs", "stg_machines"])
        // Words unite, commas intersect, --exclude subtracts.
        #expect(try names(["stg_jobs machines"]) == ["machines", "stg_jobs"])
        #expect(try names(["stg_jobs", "machines"]) == ["machines", "stg_jobs"])
        #expect(try names(["tag:marts,config.materialized:table"]) == ["machine_usage", "user_summary"])
        #expect(try names(["stg_jobs+"], exclude: ["usage_file+"]) == ["job_events", "machine_usage", "stg_jobs"])
    }

    @Test func testsComeWithTheirModels() throws {
        let selected = try names(["job_events"], tests: true)
        #expect(selected == ["accepted_values_job_events_status__Terminated__Failed", "job_events", "not_null_job_events_job_id",
                             "unique_job_events_job_id"])
        #expect(try names(["test_type:singular"], tests: true) == ["assert_costs_match_hours"])
    }

    @Test func aSelectorThatMatchesNothingNamesTheClosest() throws {
        let error = #expect(throws: ProjectError.self) { try names(["machine_usge"]) }
        #expect(error?.description == "the selector 'machine_usge' matches no node (closest: machine_usage, machines)")
        #expect(throws: ProjectError.self) { try names(["colour:red"]) }
    }
}
