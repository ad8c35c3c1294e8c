import Testing
import TextSupport

@Suite struct EditDistanceTests {
    @Test func distances() {
        #expect(EditDistance.distance("", "") == 0)
        #expect(EditDistance.distance("", "abc") == 3)
        #expect(EditDistance.distance("kitten", "sitting") == 3)
        #expect(EditDistance.distance("silver_jobs", "silver_job") == 1)
        // An adjacent swap is one edit.
        #expect(EditDistance.distance("slivers", "silvers") == 1)
    }

    @Test func closestCandidatesBestFirst() {
        let models = ["silver_jobs", "silver_tasks", "silver_machines", "gold_billing"]
        #expect(EditDistance.closest(to: "silver_job", among: models) == "silver_jobs")
        #expect(EditDistance.closest(to: "silver_tasc", among: models, limit: 2) == ["silver_tasks"])
        #expect(EditDistance.closest(to: "zzz", among: models) == nil)
        #expect(EditDistance.closest(to: "gold", among: models) == "gold_billing")
    }
}
