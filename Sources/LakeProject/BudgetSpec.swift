import LakeTemplates
import LakeYAML

/// `budgets:` in lake.yml: a monthly allowance per user, or per group of users, in USD or in
/// GPU-hours. Models read them as `var('budgets')`: a list of `{name, users, unit, monthly}` with
/// unit `usd` or `gpu_hours`.
///
///     budgets:
///       - {user: u_3f1c, monthly_usd: 2000}
///       - {name: vision-team, users: [u_a1, u_b2], monthly_gpu_hours: 500}
enum BudgetSpec {
    static let keys = ["name", "user", "users", "monthly_usd", "monthly_gpu_hours"]

    static func parse(_ node: YAMLNode, in document: YAMLDocument) throws -> JSONValue {
        var budgets: [JSONValue] = []
        var names: Set<String> = []
        for entry in try document.list(node, what: "budgets") {
            for (key, _, keyNode) in try document.mapping(entry, what: "budget") where !keys.contains(key) {
                throw document.error("unknown key '\(key)' in a budget (it takes \(keys.joined(separator: ", ")))", at: keyNode)
            }
            let users = try entry["users"].map { try document.strings($0, what: "users") }
                ?? entry["user"].map { [try document.string($0, what: "user")] } ?? []
            guard !users.isEmpty else { throw document.error("a budget needs `user:` or `users:`", at: entry) }
            let amounts = [("usd", entry["monthly_usd"]), ("gpu_hours", entry["monthly_gpu_hours"])].filter { $0.1 != nil }
            guard amounts.count == 1, let (unit, amountNode) = amounts.first, let amountNode else {
                throw document.error("a budget needs one of `monthly_usd:` or `monthly_gpu_hours:`", at: entry)
            }
            let amount: Double
            switch amountNode.scalar {
            case .int(let number)?: amount = Double(number)
            case .double(let number)?: amount = number
            default: throw document.error("a budget's monthly amount is a number", at: amountNode)
            }
            guard amount > 0 else { throw document.error("a budget's monthly amount must be above zero", at: amountNode) }
            let name = try entry["name"].map { try document.string($0, what: "name") } ?? users.joined(separator: "+")
            guard names.insert(name).inserted else { throw document.error("two budgets are named '\(name)'", at: entry) }
            budgets.append(.object([("name", .string(name)), ("users", .array(users.map(JSONValue.string))),
                                    ("unit", .string(unit)), ("monthly", .double(amount))]))
        }
        return .array(budgets)
    }
}
