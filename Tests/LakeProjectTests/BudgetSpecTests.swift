import Foundation
import Testing
import LakeTemplates
@testable import LakeProject

/// `budgets:` in lake.yml reach models as var('budgets'); a wrong entry is an error at its line.
@Suite struct BudgetSpecTests {
    func settings(_ budgets: String) throws -> ProjectSettings {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lake-budgets-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try "name: fleet\nvars:\n  gpu_hour_rate: 2.5\nbudgets:\n\(budgets)".write(toFile: root + "/lake.yml", atomically: true, encoding: .utf8)
        return try ProjectSettings.load(projectDirectory: root)
    }

    @Test func budgetsBecomeAVar() throws {
        let loaded = try settings("""
              - {user: u1, monthly_usd: 2000}
              - {name: vision, users: [u2, u3], monthly_gpu_hours: 500.5}

            """)
        #expect(loaded.vars["gpu_hour_rate"] == .double(2.5))
        #expect(loaded.vars["budgets"] == .array([
            .object([("name", .string("u1")), ("users", .array([.string("u1")])), ("unit", .string("usd")), ("monthly", .double(2000))]),
            .object([("name", .string("vision")), ("users", .array([.string("u2"), .string("u3")])), ("unit", .string("gpu_hours")),
                     ("monthly", .double(500.5))]),
        ]))
    }

    @Test func aWrongBudgetIsNamedWithItsLine() throws {
        #expect { try settings("  - {user: u1}\n") } throws: { "\($0)".contains("lake.yml:5:") && "\($0)".contains("one of `monthly_usd:` or `monthly_gpu_hours:`") }
        #expect { try settings("  - {user: u1, monthly_usd: 10, montly_gpu_hours: 3}\n") } throws: { "\($0)".contains("unknown key 'montly_gpu_hours'") }
        #expect { try settings("  - {user: u1, monthly_usd: -5}\n") } throws: { "\($0)".contains("must be above zero") }
        #expect { try settings("  - {monthly_usd: 5}\n") } throws: { "\($0)".contains("needs `user:` or `users:`") }
    }
}
