import Foundation

/// Runs a dependency graph on worker threads: a node starts once everything it depends on has
/// finished well; a failure skips everything downstream of it, and the rest goes on (or, with
/// fail-fast, nothing new starts).
final class DAGScheduler: @unchecked Sendable {
    /// What a worker reports for each node it ran.
    struct Outcome { let id: String; let succeeded: Bool }

    private let condition = NSCondition()
    private var unfinishedParents: [String: Int] = [:]
    private var ready: [String] = []
    private var finished: Set<String> = []
    private var stopped = false
    /// Each node's rank in dbt's order (dbtPriority).
    private let priority: [String: Int]
    private let children: [String: [String]]
    private let total: Int
    /// Nodes with the same key may be handed to one worker together (a model's tests).
    private let batchKey: (String) -> String?
    private let onSkip: (String, String) -> Void

    /// `dependencies` maps each node to the nodes (within the run) it waits for. Nodes run in
    /// dbt's order: dbt hands every node that is ready to its thread pool as soon as it is, in the
    /// order of its GraphQueue (the lowest level, the longest chain of dependencies above a node,
    /// then the lowest unique id), and the pool runs them first come, first served. So `ready` is
    /// a queue: the nodes one completion makes ready join its end in that order. At one thread a
    /// project whose independent nodes must run in a given order (two snapshots joined by their
    /// times) sees dbt's order.
    init(order: [String], dependencies: [String: Set<String>], batchKey: @escaping (String) -> String?,
         onSkip: @escaping (_ id: String, _ because: String) -> Void) {
        let priority = Self.dbtPriority(of: order, dependencies: dependencies)
        self.priority = priority
        var children: [String: [String]] = [:]
        for id in order {
            let parents = dependencies[id] ?? []
            unfinishedParents[id] = parents.count
            for parent in parents { children[parent, default: []].append(id) }
            if parents.isEmpty { ready.append(id) }
        }
        ready.sort { priority[$0]! < priority[$1]! }
        self.children = children
        total = order.count
        self.batchKey = batchKey
        self.onSkip = onSkip
    }

    /// Each node's rank in dbt's order: by level (0 without dependencies, else one more than its
    /// deepest dependency's; dbt's grouped topological sort), then by unique id.
    static func dbtPriority(of nodes: [String], dependencies: [String: Set<String>]) -> [String: Int] {
        var level: [String: Int] = [:]
        // Depth first from each node, its dependencies' levels first (the graph has no cycles).
        for start in nodes where level[start] == nil {
            var stack = [start]
            while let id = stack.last {
                let pending = (dependencies[id] ?? []).filter { level[$0] == nil }
                if pending.isEmpty {
                    level[id] = (dependencies[id] ?? []).compactMap { level[$0] }.max().map { $0 + 1 } ?? 0
                    stack.removeLast()
                } else {
                    stack += pending
                }
            }
        }
        let ranked = nodes.sorted { (level[$0]!, $0) < (level[$1]!, $1) }
        return Dictionary(uniqueKeysWithValues: ranked.enumerated().map { ($1, $0) })
    }

    /// Runs everything on `threads` workers; each calls `makeWorker` once (to open its connection)
    /// and then its result for every batch it takes.
    func run(threads: Int, failFast: Bool, makeWorker: @escaping @Sendable () -> ([String]) -> [Outcome]) {
        let group = DispatchGroup()
        for index in 0..<max(1, min(threads, total)) {
            group.enter()
            let thread = Thread { [self] in
                defer { group.leave() }
                let work = makeWorker()
                while let batch = take() {
                    complete(work(batch), failFast: failFast)
                }
            }
            thread.name = "lake-worker-\(index)"
            thread.stackSize = 8 << 20
            thread.start()
        }
        group.wait()
    }

    /// The next node (and its batch mates), or nil when all is done.
    private func take() -> [String]? {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if finished.count == total { return nil }
            if !ready.isEmpty {
                let first = ready.removeFirst()
                var batch = [first]
                if let key = batchKey(first) {
                    let mates = ready.filter { batchKey($0) == key }
                    ready.removeAll { batchKey($0) == key }
                    batch += mates
                }
                return batch
            }
            condition.wait()
        }
    }

    private func complete(_ outcomes: [Outcome], failFast: Bool) {
        condition.lock()
        defer { condition.broadcast(); condition.unlock() }
        for outcome in outcomes where finished.insert(outcome.id).inserted {
            if outcome.succeeded {
                var nowReady: [String] = []
                for child in children[outcome.id] ?? [] where !finished.contains(child) {
                    unfinishedParents[child]! -= 1
                    if unfinishedParents[child] == 0 && !stopped { nowReady.append(child) }
                }
                ready += nowReady.sorted { priority[$0]! < priority[$1]! }
            } else {
                skipDescendants(of: outcome.id)
                // The rest is not run because of --fail-fast, not because it needed what failed.
                if failFast { stopEverything(because: Self.failFastCause + outcome.id) }
            }
        }
    }

    private func skipDescendants(of id: String) {
        var frontier = children[id] ?? []
        while let next = frontier.popLast() {
            guard finished.insert(next).inserted else { continue }
            ready.removeAll { $0 == next }
            onSkip(next, id)
            frontier += children[next] ?? []
        }
    }

    /// Starts nothing more; `reason` is what the nodes not run are skipped for.
    func stop(because reason: String) {
        condition.lock()
        defer { condition.broadcast(); condition.unlock() }
        if !stopped { stopEverything(because: reason) }
    }

    /// Prefixed to the failed node's id as the cause of what --fail-fast leaves unrun.
    static let failFastCause = "fail-fast:"

    private func stopEverything(because id: String) {
        stopped = true
        for pending in ready { if finished.insert(pending).inserted { onSkip(pending, id) } }
        ready.removeAll()
        // Nodes still waiting on parents are skipped now; running ones finish on their own.
        for candidate in priority.keys.sorted(by: { priority[$0]! < priority[$1]! })
        where !finished.contains(candidate) && unfinishedParents[candidate, default: 0] > 0 {
            finished.insert(candidate)
            onSkip(candidate, id)
        }
    }
}
