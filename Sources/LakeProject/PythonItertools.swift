import LakeTemplates

/// Python's `itertools` as dbt's `modules.itertools` hands it to templates. Templates consume
/// what they get whole (`| list`, a `for` loop), so each function returns a list: `chain`,
/// `chain.from_iterable` (as `from_iterable`), `product`, `combinations`, `permutations`,
/// `islice`, `zip_longest`, `accumulate`, `repeat` and `groupby` (pairs of key and items).
enum PythonItertools {
    static let module: Value = .object(AttributeObject("module", [
        "chain": .function(Function("chain") { arguments in .list(try arguments.positional.flatMap { try $0.iterate() }) }),
        "from_iterable": .function(Function("from_iterable") { arguments in
            .list(try arguments.required(0, "iterable").iterate().flatMap { try $0.iterate() })
        }),
        "product": .function(Function("product") { arguments in
            let repeatCount = arguments.keyword.first { $0.name == "repeat" }.flatMap { if case .int(let n) = $0.value { n } else { nil } } ?? 1
            let pools = Array(repeating: try arguments.positional.map { try $0.iterate() }, count: max(0, repeatCount)).flatMap { $0 }
            var result: [[Value]] = [[]]
            for pool in pools { result = result.flatMap { prefix in pool.map { prefix + [$0] } } }
            return .list(result.map { .list($0, isTuple: true) })
        }),
        "combinations": .function(Function("combinations") { arguments in
            let pool = try arguments.required(0, "iterable").iterate()
            guard case .int(let size) = try arguments.required(1, "r") else { throw TemplateFailure("combinations() r must be an integer") }
            return .list(choose(size, from: pool, ordered: false).map { .list($0, isTuple: true) })
        }),
        "permutations": .function(Function("permutations") { arguments in
            let pool = try arguments.required(0, "iterable").iterate()
            let size = arguments.value(1, "r").flatMap { if case .int(let n) = $0 { n } else { nil } } ?? pool.count
            return .list(choose(size, from: pool, ordered: true).map { .list($0, isTuple: true) })
        }),
        "islice": .function(Function("islice") { arguments in
            let items = try arguments.required(0, "iterable").iterate()
            let bounds = arguments.positional.dropFirst().map { value -> Int? in if case .int(let n) = value { n } else { nil } }
            let (start, stop, step) = bounds.count == 1 ? (0, bounds[0], 1) : (bounds.first.flatMap { $0 } ?? 0, bounds.count > 1 ? bounds[1] : nil,
                                                                               bounds.count > 2 ? bounds[2] ?? 1 : 1)
            let end = min(stop ?? items.count, items.count)
            guard start < end, step > 0 else { return .list([]) }
            return .list(stride(from: start, to: end, by: step).map { items[$0] })
        }),
        "zip_longest": .function(Function("zip_longest") { arguments in
            let lists = try arguments.positional.map { try $0.iterate() }
            let fill = arguments.keyword.first { $0.name == "fillvalue" }?.value ?? .none
            let length = lists.map(\.count).max() ?? 0
            return .list((0..<length).map { index in .list(lists.map { index < $0.count ? $0[index] : fill }, isTuple: true) })
        }),
        "accumulate": .function(Function("accumulate") { arguments in
            var total: Value?
            return .list(try arguments.required(0, "iterable").iterate().map { item in
                let next = try total.map { try Value.add($0, item) } ?? item
                total = next
                return next
            })
        }),
        "repeat": .function(Function("repeat") { arguments in
            guard case .int(let times) = try arguments.required(1, "times") else { throw TemplateFailure("repeat() needs times (lake's lists are finite)") }
            return .list(Array(repeating: try arguments.required(0, "object"), count: max(0, times)))
        }),
        "groupby": .function(Function("groupby", invoking: { arguments, invoker in
            let key = arguments.value(1, "key")
            var groups: [(Value, [Value])] = []
            for item in try arguments.required(0, "iterable").iterate() {
                let value = try key.map { try invoker.call($0, CallArguments(callee: "key", positional: [item])) } ?? item
                if let last = groups.last, last.0.equals(value) { groups[groups.count - 1].1.append(item) } else { groups.append((value, [item])) }
            }
            return .list(groups.map { .list([$0.0, .list($0.1)], isTuple: true) })
        })),
    ], rendered: "<module 'itertools'>"))

    /// Every choice of `size` items of `pool` in pool order (`ordered`: every arrangement of them).
    private static func choose(_ size: Int, from pool: [Value], ordered: Bool) -> [[Value]] {
        guard size >= 0, size <= pool.count else { return [] }
        var result: [[Value]] = []
        func extend(_ prefix: [Value], _ used: [Int]) {
            if prefix.count == size { result.append(prefix); return }
            let start = ordered ? 0 : (used.last.map { $0 + 1 } ?? 0)
            for index in start..<pool.count where !used.contains(index) { extend(prefix + [pool[index]], used + [index]) }
        }
        extend([], [])
        return result
    }
}
