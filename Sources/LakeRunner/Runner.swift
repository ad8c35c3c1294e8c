import Foundation
import Synchronization
import TextSupport
import LakeDuckDB
import LakeIngest
import LakeProject
import LakeTemplates

/// What a run did: every node's result, and the status the process should exit with.
public struct RunSummary: Sendable {
    /// The run's id: in target/run_results.json and, on a lake, in every commit the run made.
    public let runId: String
    public let results: [NodeResult]
    public let seconds: Double
    /// The signal that stopped the run early (SIGINT, SIGTERM), if one did.
    public var interruptedBy: Int32? = nil
    public var failed: Bool { interruptedBy != nil || results.contains { $0.status == .error || $0.status == .fail } }
    /// 128 + the signal after an interruption (130 for Ctrl-C, 143 for SIGTERM), as shells expect.
    public var exitCode: Int32 { interruptedBy.map { 128 + $0 } ?? (failed ? 1 : 0) }

    public func result(for name: String) -> NodeResult? {
        results.first { NodeID.name(of: $0.uniqueId) == name }
    }
}

/// lake's dbt-like runner: loads the project, compiles it against the warehouse, selects, runs the
/// selected nodes in dependency order on `threads` workers, and writes dbt-style artifacts.
public final class Runner: @unchecked Sendable {
    public let project: Project
    public let options: RunOptions
    /// The run's id (dbt's `invocation_id`): in templates, run_results.json and, on a lake, every commit.
    public let invocationId: String
    /// When the run started: dbt's `run_started_at`, and the time its rows are stamped with.
    public let startedAt: Date
    var output: (String) -> Void
    private let outputLock = NSLock()

    /// A line from a worker thread, one at a time.
    private func say(_ text: String) {
        outputLock.lock()
        defer { outputLock.unlock() }
        output(text)
    }
    /// Builders for materializations other stages provide, by name (e.g. "isolation_forest").
    private let executors: [String: any NodeExecutor]
    /// The macros' text and the variables, read once at the start of a run (before any worker
    /// starts) for the nodes' fingerprints (ChangeFeed).
    private var sharedLogic = ""
    /// Text a later stage adds before the run's summary (the ingestion accounting), from the
    /// results, the run's connection and every raw table's landing place in the project, selected
    /// or not (what the landing folders hold beyond them is no table's).
    public var accounting: (([NodeResult], Connection, _ rawFileLocations: [String]) throws -> String?)?
    /// What a later stage does once the run has committed everything and printed its summary (the
    /// alerts handed to on_alert): it reads the lake through the run's connection, finds a model by
    /// name (its node id and relation), and returns text for the output and the log.
    public var afterCommits: (([NodeResult], Connection, _ model: (String) -> (id: String, relation: Relation)?) -> String?)?

    public init(projectDirectory: String, options: RunOptions, executors: [String: any NodeExecutor] = [:],
                output: @escaping (String) -> Void = { print($0, terminator: "") }) throws {
        // As dbt: a microbatch window is given whole, and runs forward.
        switch (options.eventTimeStart, options.eventTimeEnd) {
        case (nil, nil): break
        case (nil, _): throw LakeError("--event-time-end was given without --event-time-start; give both (as dbt requires)")
        case (_, nil): throw LakeError("--event-time-start was given without --event-time-end; give both (as dbt requires)")
        case (let start?, let end?) where start >= end: throw LakeError("--event-time-start must be before --event-time-end")
        default: break
        }
        var profile = options.profile
        profile.variables = options.variables
        project = try Project.load(root: projectDirectory, profile: profile)
        self.options = options
        which = switch options.scope {
        case .everything: "build"
        case .testsOnly: "test"
        case .seedsOnly: "seed"
        case .snapshotsOnly: "snapshot"
        }
        startedAt = Date()
        invocationId = Self.newRunId(at: startedAt)
        self.executors = executors
        self.output = output
    }

    /// Where the project's tables live.
    public var warehouse: WarehouseLocation { WarehouseLocation(project: project) }
    public var threads: Int { options.threads ?? project.settings.threads }

    /// dbt's `flags.WHICH` for this command: `lake run` is dbt's build (its tests run too);
    /// compile and run-operation set theirs.
    var which: String

    /// What every render of this run shares: the variables, `--full-refresh`, the threads.
    private var baseCompileOptions: CompileOptions {
        var compileOptions = CompileOptions()
        compileOptions.variables = options.variables
        compileOptions.fullRefresh = options.fullRefresh
        compileOptions.empty = options.empty
        compileOptions.threads = threads
        compileOptions.which = which
        compileOptions.sharedValues["invocation_id"] = .string(invocationId)
        compileOptions.sharedValues["run_started_at"] = PythonDateTime.utc(startedAt)
        return compileOptions
    }

    /// Runs the graph's data tests with this run's variables.
    func testExecutor(graph: ProjectGraph, linker: Linker) -> TestExecutor {
        TestExecutor(project: project, graph: graph, linker: linker, contexts: executingContexts(graph: graph, linker: linker))
    }

    /// How every node of a run is rendered when it runs (`execute` true, refs named by the graph,
    /// dbt's `graph` built once): models, tests and the on-run hooks share one.
    func executingContexts(graph: ProjectGraph, linker: Linker) -> CompileContextFactory {
        var options = NodeRenderer.executing(baseCompileOptions, graph: graph, linker: linker)
        options.show = { [self] in say($0 + "\n") }
        let hooks = RunHooks.parsed(RunHooks.hooks(.start, of: project) + RunHooks.hooks(.end, of: project), project: project,
                                    contexts: CompileContextFactory(project: project, options: baseCompileOptions))
        options.sharedValues["graph"] = NodeRenderer.graphValue(graph, linker: linker, hooks: hooks, targetSchema: project.settings.targetSchema,
                                                                groups: project.groupDefinitions)
        return CompileContextFactory(project: project, options: options)
    }

    /// Parses the project (dbt's `execute` false); with a connection, `is_incremental()` sees the warehouse.
    public func compileGraph(connection: Connection?, existing known: Set<String>? = nil) throws -> ProjectGraph {
        var compileOptions = baseCompileOptions
        if let connection {
            let existing = try known ?? WarehouseCatalog.relations(on: connection)
            let identifiers = Set(existing.map { $0.split(separator: ".").last.map(String.init) ?? $0 })
            compileOptions.relationExists = { identifiers.contains($0) }
            compileOptions.runQuery = WarehouseQueryRunner.runQuery(on: connection)
        }
        return try ProjectCompiler.compile(project, options: compileOptions)
    }

    /// `lake run` / `lake test` / `lake seed`: executes the selected nodes.
    /// Everything the run prints also goes to target/logs/lake.log, its failure included.
    public func run() throws -> RunSummary {
        try logged(runNodes)
    }

    /// `body`, with everything it prints also going to target/logs/lake.log, and its exit status
    /// or error after it.
    func logged(_ body: () throws -> RunSummary) throws -> RunSummary {
        let log = RunLog(path: project.path("target/logs/lake.log"), runId: invocationId,
                         command: "lake " + CommandLine.arguments.dropFirst().joined(separator: " "))
        let terminal = output
        output = { terminal($0); log.append($0) }
        defer { output = terminal }
        do {
            let summary = try body()
            log.append("exit status \(summary.exitCode)\n")
            return summary
        } catch {
            log.append("error: \(error)\nexit status 1\n")
            throw error
        }
    }

    private func runNodes() throws -> RunSummary {
        let started = Date()
        let runId = invocationId
        for notice in project.notices { output("Note: \(notice)\n") }
        let (database, writerLock) = try openForWriting()
        defer { withExtendedLifetime(writerLock) { database.checkpointFile() } }
        if options.debug { traceStatements(of: database.database) }
        defer { database.database.statementObserver = nil }
        let main = try database.connect()
        main.label = "run"
        // What exists when the run starts: a node is rendered before it is built, and nothing else
        // builds its relation, so this is what `is_incremental()` sees at render time too.
        let existing = try WarehouseCatalog.relations(on: main)
        let graph = try compileGraph(connection: main, existing: existing)
        sharedLogic = ChangeFeed.sharedLogic(of: project, variables: options.variables)
        var linker = Linker(graph: graph, project: project)
        linker.readsNoRows = options.empty
        let selected = try select(in: graph, warn: output)
        let runSet = graph.order.filter { id in
            guard selected.contains(id), let node = graph.nodes[id] else { return false }
            switch (options.scope, node.kind) {
            case (_, .source): return false
            case (.testsOnly, let kind): return kind == .test
            case (.seedsOnly, let kind): return kind == .seed
            case (.snapshotsOnly, let kind): return kind == .snapshot
            case (.everything, .model): return node.config.materialized != "ephemeral"
            case (.everything, _): return true
            }
        }
        let dependencies = schedulingDependencies(runSet, graph: graph)
        let reporter = RunReporter(total: runSet.count, options: options, startedAt: started, write: output)
        let collector = ResultCollector()
        // One render context for the run (dbt's graph built once): models, hooks and tests share it.
        let contexts = executingContexts(graph: graph, linker: linker)
        let materializer = Materializer(project: project, graph: graph, linker: linker, options: options,
                                        lakehouse: project.settings.lakehouse != nil, contexts: contexts)
        // On a lake, tests that passed before check the rows changed since (target/test_baselines.json).
        let changedRows = project.settings.lakehouse.map {
            ChangedRowsCheck(catalog: $0.alias, baselines: TestBaselines(path: project.path("target/test_baselines.json")))
        }
        let tests = TestExecutor(project: project, graph: graph, linker: linker, contexts: contexts, changedRows: changedRows)
        let renderer = NodeRenderer(project: project, graph: graph, linker: linker, contexts: contexts, existingAtStart: existing)

        let scheduler = DAGScheduler(order: runSet, dependencies: dependencies, batchKey: { id in
            guard let node = graph.nodes[id], TestExecutor.batchable(node), let parent = node.dependsOn.first else { return nil }
            return parent
        }, onSkip: { id, cause in
            let now = Date()
            let failedFirst = cause.hasPrefix(DAGScheduler.failFastCause) ? graph.nodes[String(cause.dropFirst(DAGScheduler.failFastCause.count))] : nil
            let message = failedFirst.map { "not run: --fail-fast stopped the run when \($0.name) failed" }
                ?? graph.nodes[cause].map { "skipped because \($0.name) failed" } ?? "not run: \(cause)"
            let result = NodeResult(uniqueId: id, status: .skipped,
                                    message: message,
                                    rows: nil, failures: nil, started: now, finished: now, sql: nil)
            collector.add(result)
            if let node = graph.nodes[id] { reporter.finished(Self.label(node), result) }
        })
        let connections = ConnectionRegistry()
        let listening = RunInterruption.shared.onInterrupt {
            scheduler.stop(because: "interrupted by \(RunInterruption.name(RunInterruption.shared.signal ?? SIGINT))")
            connections.interruptAll()
        }
        defer { RunInterruption.shared.remove(listening) }
        let notices = DispatchSource.makeTimerSource(queue: .global())
        notices.schedule(deadline: .now() + 0.5, repeating: 0.5)
        notices.setEventHandler { reporter.tick() }
        notices.resume()
        defer { notices.cancel() }
        try createSchemas(for: runSet, graph: graph, linker: linker, on: main)
        let hooks = RunHooks(project: project, graph: graph, linker: linker, contexts: contexts)
        for result in hooks.run(.start, on: main) {
            collector.add(result)
            // The nodes run all the same, as in dbt (its skip_nodes_if_on_run_start_fails is off by default).
            if result.status == .error { output("ERROR \(result.message)\n") }
        }
        let runSetIds = Set(runSet)
        scheduler.run(threads: threads, failFast: options.failFast) { [self] in
            let connection = Result { try database.connect() }
            if case .success(let opened) = connection {
                connections.add(opened.control)
                // DuckDB estimates a statement's progress only when asked to; lake draws it itself.
                if options.statusLineWidth != nil { _ = try? opened.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false") }
            }
            let control = try? connection.get().control
            return { batch in
                let nodes = batch.compactMap { graph.nodes[$0] }
                for node in nodes { reporter.started(Self.label(node), progress: control.map { control in { control.progressPercentage } }) }
                let results: [NodeResult]
                switch connection {
                case .failure(let error):
                    let now = Date()
                    results = nodes.map { NodeResult(uniqueId: $0.uniqueId, status: .error, message: "\(error)", rows: nil, failures: nil,
                                                      started: now, finished: now, sql: nil) }
                case .success(let connection):
                    // Whatever this batch commits is labelled with the run, so a run maps to its snapshots.
                    connection.transactionPrologue = database.commitLabel(runId: runId, node: nodes[0].name)
                    connection.transactionLock = database.writeLock
                    connection.label = nodes.count == 1 ? nodes[0].name : "\(nodes[0].name) and \(nodes.count - 1) more"
                    let waitedBefore = connection.secondsWaitedForLock
                    var executed = self.execute(nodes, on: connection, materializer: materializer, tests: tests, renderer: renderer) { reading in
                        connection.transactionPrologue = database.commitLabel(runId: runId, node: nodes[0].name, reading: reading)
                    }
                    if executed.count == 1 { executed[0].secondsWaiting = connection.secondsWaitedForLock - waitedBefore }
                    // A test that failed on a table that is not there, of what was never built, says
                    // so, not DuckDB's "Table … does not exist" (`lake test` tests the warehouse as it is).
                    for index in executed.indices where executed[index].status == .error && executed[index].errorType == .catalog {
                        guard let test = graph.nodes[executed[index].uniqueId], test.kind == .test else { continue }
                        let names = Self.unbuilt(parentsOf: test, graph: graph, linker: materializer.linker, built: runSetIds, existing: existing)
                        if names.isEmpty { continue }
                        executed[index].message = "\(names.joined(separator: ", ")) \(names.count == 1 ? "is" : "are") not built yet: "
                            + "run `lake run` first (`lake test` tests the warehouse as it is)"
                    }
                    results = executed
                }
                for (node, result) in zip(nodes, results) {
                    collector.add(result)
                    reporter.finished(Self.label(node), result)
                }
                return results.map { DAGScheduler.Outcome(id: $0.uniqueId, succeeded: $0.status.letsDependentsRun) }
            }
        }
        reporter.endStatus()
        // on-run-end's `schemas`: where the run built relations, as dbt lists them (its relational
        // nodes that did not fail or skip; a test's audit schema is not among them).
        let schemas = Set(collector.results.compactMap { result -> String? in
            guard result.status == .success, let node = graph.nodes[result.uniqueId],
                  [.model, .seed, .snapshot, .ml].contains(node.kind) else { return nil }
            return linker.relation(of: node).schema
        }).sorted()
        for result in hooks.run(.end, on: main, results: collector.results, schemas: schemas) {
            collector.add(result)
            if result.status == .error { output("ERROR \(result.message)\n") }
        }
        let results = collector.results
        do {
            if let accounting {
                // A model whose raw_files config is wrong said so when it ran; here it only has no place.
                let locations = graph.nodes.values.compactMap { try? RawFilesConfig.spec(of: $0, graph: graph, linker: linker)?.location }
                if let text = try accounting(results, main, locations.sorted()) { output(text) }
            }
        } catch {
            output("The ingestion accounting could not be read: \(error)\n")
        }
        let seconds = Date().timeIntervalSince(started)
        let interruptedBy = RunInterruption.shared.signal
        if let signal = interruptedBy {
            let committed = results.filter { $0.status == .success }.count
            let rolledBack = results.filter { $0.status == .error && $0.errorType == .interrupt }.count
            let notRun = results.filter { $0.status == .skipped && $0.message.hasPrefix("not run: interrupted") }.count
            output("Interrupted by \(RunInterruption.name(signal)): \(committed) nodes committed, \(rolledBack) rolled back, "
                   + "\(notRun) not started; the lake holds every commit made before the signal.\n")
        }
        reporter.summary(results, seconds: seconds)
        try writeArtifacts(graph: graph, linker: linker, results: results, seconds: seconds, invocation: runId)
        try changedRows?.baselines.save()
        if let afterCommits {
            let model = { (name: String) -> (id: String, relation: Relation)? in
                graph.node(named: name).flatMap { $0.kind == .model ? ($0.uniqueId, linker.relation(of: $0)) : nil }
            }
            if let text = afterCommits(results, main, model) { output(text) }
        }
        return RunSummary(runId: runId, results: results, seconds: seconds, interruptedBy: interruptedBy)
    }

    /// --debug: every statement, the node that sent it and its time, as dbt's debug log gives them.
    private func traceStatements(of database: Database) {
        let started = startedAt
        database.statementObserver = { [unowned self] timing in
            let text = timing.sql.trimmingCharacters(in: .whitespacesAndNewlines)
            let ended = Date().timeIntervalSince(started)
            say(String(format: "  debug: at %.3f s, %@ took %.3f s%@:\n", ended, timing.label ?? "lake", timing.seconds, timing.failed ? " (failed)" : "")
                + text.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n") + "\n")
        }
    }

    /// The warehouse opened for writing, and the lake's writer lock, which makes this process its
    /// one writer until the lock is released (by the kernel if the process dies). Both are waited
    /// for from `--wait-for-lock`'s one budget: another lake process may hold the writer lock,
    /// another program (a DuckDB CLI) a DuckDB file's own lock.
    func openForWriting() throws -> (Warehouse, WriterLock?) {
        var backoff = Backoff(seconds: options.waitForLock)
        let writerLock = try WriterLock.path(for: warehouse).map { try WriterLock.acquire(path: $0, backoff: &backoff, note: output) }
        while true {
            do {
                return (try Warehouse.open(warehouse, .write), writerLock)
            } catch let error as LakeError where error.isLockHeld && backoff.secondsLeft > 0 {
                _ = backoff.wait { pause, _ in
                    output("Waiting for the warehouse's lock (\(error.description.split(separator: "\n").first ?? "")): trying again in \(String(format: "%.1f", pause)) s\n")
                }
            }
        }
    }

    /// A run's id: sortable by time, unique across processes and machines writing one lake.
    static func newRunId(at date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        return formatter.string(from: date) + "-" + UUID().uuidString.prefix(8).lowercased()
    }

    static func label(_ node: GraphNode) -> (name: String, materialization: String) {
        (node.name, node.kind == .test ? "test" : node.materialization)
    }

    /// Within the run: a node waits for its parents; under `lake run` a model waits for its unit
    /// tests, and a node for the data tests upstream of it whose every parent is its ancestor
    /// (dbt-core's add_test_edges), so a
    /// failing error test stops what is built from what it tested — and not a node that reads
    /// only one side of a relationships test.
    private func schedulingDependencies(_ runSet: [String], graph: ProjectGraph) -> [String: Set<String>] {
        let members = Set(runSet)
        // A node not in the run (unselected, or an ephemeral model, which never runs) passes its
        // parents on: whoever reads it waits for what it reads, and is skipped when that fails, as
        // dbt's subset graph keeps the edges across the nodes it leaves out.
        var passedOn: [String: Set<String>] = [:]
        func effectiveParents(_ id: String) -> Set<String> {
            var found: Set<String> = []
            for parent in graph.nodes[id]?.dependsOn ?? [] {
                if members.contains(parent) {
                    found.insert(parent)
                } else if let known = passedOn[parent] {
                    found.formUnion(known)
                } else {
                    let inherited = effectiveParents(parent)
                    passedOn[parent] = inherited
                    found.formUnion(inherited)
                }
            }
            return found
        }
        var dependencies: [String: Set<String>] = [:]
        for id in runSet { dependencies[id] = effectiveParents(id) }
        guard options.scope == .everything else { return dependencies }
        var ancestorsOf: [String: Set<String>] = [:]
        func ancestors(_ id: String) -> Set<String> {
            if let known = ancestorsOf[id] { return known }
            let found = graph.ancestors(of: id)
            ancestorsOf[id] = found
            return found
        }
        // dbt build runs a model's unit tests one after another (here in the order they are
        // declared) before the model: the first that fails skips the rest and the model, and
        // nothing else waits for them.
        var previousUnitTest: [String: String] = [:]
        let declared = Dictionary(project.tests.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        for testId in runSet.sorted(by: { (declared[graph.nodes[$0]?.name ?? ""] ?? 0) < (declared[graph.nodes[$1]?.name ?? ""] ?? 0) }) {
            guard case .unit(let spec)? = graph.nodes[testId]?.test?.kind, let model = graph.node(named: spec.model) else { continue }
            if members.contains(model.uniqueId) { dependencies[model.uniqueId, default: []].insert(testId) }
            if let previous = previousUnitTest[model.uniqueId] { dependencies[testId, default: []].insert(previous) }
            previousUnitTest[model.uniqueId] = testId
        }
        for testId in runSet where graph.nodes[testId]?.kind == .test {
            if case .unit? = graph.nodes[testId]?.test?.kind { continue }
            let parents = Set(graph.nodes[testId]!.dependsOn)
            let testAncestors = ancestors(testId)
            let downstream = parents.reduce(into: Set<String>()) { $0.formUnion(graph.descendants(of: $1)) }
            for candidate in downstream where members.contains(candidate) && graph.nodes[candidate]?.kind != .test
                && !testAncestors.contains(candidate) && parents.isSubset(of: ancestors(candidate)) {
                dependencies[candidate, default: []].insert(testId)
            }
        }
        return dependencies
    }

    /// Runs one batch on a worker's connection: a model or seed, a test, or a model's batched tests.
    /// A model that calls `changes()` records in its commit the snapshot it started from and its
    /// logic's fingerprint (`recordReading`): its next build's `changes()` start there, if the logic
    /// is the same.
    private func execute(_ nodes: [GraphNode], on connection: Connection, materializer: Materializer, tests: TestExecutor,
                         renderer: NodeRenderer, recordReading: ((snapshot: Int, sql: String)) -> Void = { _ in }) -> [NodeResult] {
        let started = Date()
        if nodes.count > 1 {
            do {
                // A test only reads, so a commit a concurrent writer's commit spoiled is run again.
                let outcomes = try Self.retryingConflicts { try tests.runBatch(nodes, on: connection) }
                let finished = Date()
                return try outcomes.map { node, failures, sql, changesSince in
                    let (status, message) = try tests.judge(node, failures: failures)
                    return NodeResult(uniqueId: node.uniqueId, status: status, message: message, rows: nil, failures: status.reportedFailures(failures),
                                      started: started, finished: finished, sql: sql, changesSince: changesSince)
                }
            } catch {
                // One bad test spoils a batch; run them one by one so each reports its own result.
                return nodes.flatMap { execute([$0], on: connection, materializer: materializer, tests: tests, renderer: renderer, recordReading: recordReading) }
            }
        }
        let parsed = nodes[0]
        // An exposure only stands for what reads the lake: nothing to run, as in dbt build.
        if parsed.runsNothing {
            return [NodeResult(uniqueId: parsed.uniqueId, status: .noOp, message: "", rows: nil, failures: 0, started: started, finished: Date(), sql: nil)]
        }
        do {
            if parsed.kind == .test {
                let node = try renderer.render(parsed, on: connection)
                let outcome = try Self.retryingConflicts(note: say) { try tests.run(node, on: connection) }
                return [NodeResult(uniqueId: node.uniqueId, status: outcome.status, message: outcome.message, rows: nil,
                                   failures: outcome.failures, started: started, finished: Date(), sql: outcome.sql, changesSince: outcome.changesSince)]
            }
            // The change window comes first, from the changes() calls parsing found: a model the lake
            // cannot say the changes of is emptied and built again, and renders as such (not incremental).
            var window = try changeWindow(for: parsed, materializer: materializer, recordReading: recordReading, on: connection)
            var node = try renderer.render(parsed, on: connection, rebuildingFromEmpty: materializer.rebuildsFromEmpty(parsed, changes: window))
            if window == nil || !Set(ChangeFeed.parents(of: node)).isSubset(of: ChangeFeed.parents(of: parsed)) {
                // changes() calls only the rendering made (under `execute`, say).
                window = try changeWindow(for: node, materializer: materializer, recordReading: recordReading, on: connection)
                if materializer.rebuildsFromEmpty(node, changes: window) {
                    node = try renderer.render(parsed, on: connection, rebuildingFromEmpty: true)
                }
            }
            // Read before the build's transaction, so not in the lake's writer turn.
            if let parents = window?.parents { try window?.stage(parents) { try connection.execute($0) } }
            defer { window?.unstage { try connection.execute($0) } }
            if let spec = try RawFilesConfig.spec(of: node, graph: materializer.graph, linker: materializer.linker) {
                let (built, ingestion) = try buildReadingRawFiles(node, spec: spec, on: connection, materializer: materializer)
                return [NodeResult(uniqueId: node.uniqueId, status: .success, message: materializer.note(for: node) ?? "", rows: built.rows,
                                   failures: nil, started: started, finished: Date(), sql: built.sql, ingestion: ingestion)]
            }
            let built = try Self.retryingConflicts(note: say) {
                if let executor = executors[node.materialization] {
                    return try executor.build(node, project: project, relation: materializer.linker.relation(of: node), connection: connection)
                }
                let built = try materializer.build(node, on: connection, changes: window)
                return (built.rows, built.sql)
            }
            return [NodeResult(uniqueId: node.uniqueId, status: .success, message: materializer.note(for: node, changes: window) ?? "", rows: built.rows,
                               failures: nil, started: started, finished: Date(), sql: built.sql)]
        } catch let error as DuckDBError where [.model, .snapshot].contains(parsed.kind) || parsed.isSingularTest {
            // The SQL is the node's own file (a singular test's too), so DuckDB's error is told there.
            return [NodeResult(uniqueId: parsed.uniqueId, status: .error, message: ModelErrorLocation.describe(error, node: parsed, root: project.root),
                               rows: nil, failures: nil, started: started, finished: Date(), sql: error.sql, errorType: error.type)]
        } catch {
            return [NodeResult(uniqueId: parsed.uniqueId, status: .error, message: "\(error)", rows: nil, failures: nil,
                               started: started, finished: Date(), sql: nil, errorType: (error as? DuckDBError)?.type)]
        }
    }

    /// The snapshots `node`'s changes() calls read this run (nil when it calls none), its reading
    /// recorded for the node's commit.
    private func changeWindow(for node: GraphNode, materializer: Materializer, recordReading: ((snapshot: Int, sql: String)) -> Void,
                              on connection: Connection) throws -> ChangeWindow? {
        let changed = node.kind == .model ? ChangeFeed.parents(of: node) : []
        guard !changed.isEmpty else { return nil }
        let parents = try changed.map { name in
            guard let parent = materializer.graph.node(named: name) else {
                throw LakeError("\(node.path): changes(ref('\(name)')) names no enabled model")
            }
            return materializer.linker.relation(of: parent)
        }
        let fingerprint = ChangeFeed.fingerprint(of: node, in: project, logicShared: sharedLogic)
        let catalog = project.settings.lakehouse?.alias
        var window = try ChangeFeed.window(for: node, fingerprint: fingerprint, reading: parents, catalog: catalog, on: connection)
        window.parents = parents
        if catalog != nil { recordReading((window.through, fingerprint)) }
        return window
    }

    /// Creates every schema the run's models and seeds need, once and before any of them runs, as
    /// dbt does: two nodes creating one schema at once on a fresh warehouse conflict ("Catalog
    /// write-write conflict on create").
    private func createSchemas(for ids: [String], graph: ProjectGraph, linker: Linker, on connection: Connection) throws {
        var schemas: [String] = []
        for id in ids {
            guard let node = graph.nodes[id], [.model, .seed, .ml, .snapshot].contains(node.kind),
                  node.config.materialized != "ephemeral", node.templateError == nil else { continue }
            let relation = linker.relation(of: node)
            if (relation.schema != "main" || relation.database != nil) && !schemas.contains(relation.schemaText) { schemas.append(relation.schemaText) }
        }
        for schema in schemas {
            _ = try Self.retryingConflicts { try connection.execute("CREATE SCHEMA IF NOT EXISTS \(schema)") }
        }
    }

    /// A model that reads raw files: lake reads and plans them first (outside the model's
    /// transaction, so other writers keep going), then the model's SQL loads the plan. A file that
    /// changes while DuckDB loads it rolls the model back; the next attempt leaves that file for a
    /// later run.
    private func buildReadingRawFiles(_ node: GraphNode, spec: RawFilesSpec, on connection: Connection,
                                      materializer: Materializer) throws -> ((rows: Int?, sql: String), IngestionOutcome) {
        var skip: Set<String> = []
        while true {
            let ingestion = try RawIngestion(spec, root: project.root, staging: project.path("target/ingest/\(node.name)"),
                                             fullRefresh: options.fullRefresh, forget: Set(options.forget), skip: skip, on: connection)
            defer { ingestion.removeStagedCopies() }
            if let signal = RunInterruption.shared.signal { throw LakeError("Interrupted by \(RunInterruption.name(signal)) before loading: nothing of it was written") }
            do {
                let built = try Self.retryingConflicts(note: say) {
                    try materializer.build(node, on: connection) { _ in
                        let changed = ingestion.changedSinceRead()
                        if !changed.isEmpty { throw RawFilesChanged(files: changed) }
                    }
                }
                return (built, ingestion.outcome)
            } catch let changed as RawFilesChanged where skip.count < 100 {
                skip.formUnion(changed.files)
            }
        }
    }

    /// Runs a node's build again when its commit lost a race with another writer's (several
    /// processes writing one lake, or two threads creating one schema): each attempt is a whole
    /// transaction, so a retry never doubles anything.
    static func retryingConflicts<T>(attempts: Int = 6, note: ((String) -> Void)? = nil, _ body: () throws -> T) throws -> T {
        var attempt = 1, ioAttempt = 1
        while true {
            do {
                return try body()
            } catch let error as DuckDBError where error.isTransactionConflict && attempt < attempts {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt) + Double.random(in: 0..<0.1))
                attempt += 1
            } catch let error as DuckDBError where error.isTransientIO && ioAttempt < transientIOAttempts {
                // A failing disk or network may recover: tried again a bounded number of times, and said so.
                let pause = 0.5 * Double(ioAttempt)
                note?("I/O failed (\(error.message.split(separator: "\n").first ?? "")); trying again in \(pause) s "
                      + "(attempt \(ioAttempt + 1) of \(transientIOAttempts))\n")
                Thread.sleep(forTimeInterval: pause)
                ioAttempt += 1
            }
        }
    }

    /// How many times a statement that hit a transient I/O failure is tried in all.
    static let transientIOAttempts = 3

    func writeArtifacts(graph: ProjectGraph, linker: Linker, results: [NodeResult], seconds: Double, invocation: String) throws {
        let now = Date()
        let target = project.path("target")
        try Artifacts.write(Artifacts.manifest(project: project, graph: graph, linker: linker, invocation: invocation, generated: now),
                            to: (target as NSString).appendingPathComponent("manifest.json"))
        let arguments: [(String, JSONValue)] = [
            ("select", .array(options.select.map(JSONValue.string))), ("exclude", .array(options.exclude.map(JSONValue.string))),
            ("full_refresh", .bool(options.fullRefresh)), ("fail_fast", .bool(options.failFast)), ("threads", .int(threads)),
        ]
        try Artifacts.write(Artifacts.runResults(project: project, graph: graph, linker: linker, results: results, seconds: seconds,
                                                 invocation: invocation, started: startedAt, generated: now, arguments: arguments),
                            to: (target as NSString).appendingPathComponent("run_results.json"))
    }

    /// A connection for commands that only compile: the warehouse read-only when it exists (so
    /// `run_query` and `is_incremental()` see it), otherwise an empty in-memory database (so
    /// templates can still ask DuckDB things like `glob()`).
    private func compileOnlyConnection() throws -> Connection {
        if warehouse.exists { return try Warehouse.open(warehouse, .read).connect() }
        let connection = try Database().connect()
        try connection.execute("SET file_search_path = \(Relation.literal(warehouse.fileSearchPath))")
        return connection
    }

    /// `lake compile`: the linked SQL of every selected model and test, written under target/compiled/.
    public func compile() throws -> [(node: GraphNode, sql: String)] {
        which = "compile"
        let graph = try compileGraph(connection: try compileOnlyConnection())
        let linker = Linker(graph: graph, project: project)
        let selected = try select(in: graph, warn: Self.standardError)
        // One test executor, and so one `graph` context, for every test compiled.
        let tests = testExecutor(graph: graph, linker: linker)
        var compiled: [(GraphNode, String)] = []
        for id in graph.order where selected.contains(id) {
            guard let node = graph.nodes[id], node.kind == .model || node.kind == .test else { continue }
            // A unit test has no SQL of its own to write: it runs its model's on given rows.
            if case .unit? = node.test?.kind { continue }
            let sql = node.kind == .test ? try tests.failingRowsSQL(node)
                : try linker.sql(for: node)
            let path = project.path("target/compiled/\(project.settings.name)/" + (node.kind == .test && node.test.map { if case .generic = $0.kind { true } else { false } } == true
                ? "\(node.test!.path)/\(node.name).sql" : node.path))
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try SecretScrubbing.scrub(sql + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            compiled.append((node, sql))
        }
        try Artifacts.write(Artifacts.manifest(project: project, graph: graph, linker: linker, invocation: UUID().uuidString.lowercased(), generated: Date()),
                            to: project.path("target/manifest.json"))
        return compiled
    }

    /// The whole compiled graph, with the warehouse read-only when there is one.
    public func listGraph() throws -> ProjectGraph { try compileGraph(connection: try compileOnlyConnection()) }

    /// `lake ls`: the selected nodes, in dependency order.
    public func list() throws -> [GraphNode] {
        which = "list"
        let graph = try listGraph()
        let selected = try select(in: graph, warn: Self.standardError)
        return graph.order.filter(selected.contains).compactMap { graph.nodes[$0] }
    }

    /// The nodes `--select`/`--exclude` pick, a criterion that matches nothing said to `warn`: a
    /// run's output, or stderr for `lake ls` and `lake compile`, whose stdout readers parse.
    private func select(in graph: ProjectGraph, warn: (String) -> Void) throws -> Set<String> {
        let selector = Selector(graph: graph)
        let selected = try selector.select(options.select, exclude: options.exclude, indirect: options.indirectSelection)
        for line in selector.warnings(options.select, exclude: options.exclude, selected: selected) { warn(line + "\n") }
        return selected
    }

    /// The models, seeds and snapshots `test` reads that the run does not build and the warehouse
    /// did not hold when it started.
    private static func unbuilt(parentsOf test: GraphNode, graph: ProjectGraph, linker: Linker, built: Set<String>, existing: Set<String>) -> [String] {
        test.dependsOn.compactMap { graph.nodes[$0] }.filter { parent in
            guard [.model, .seed, .snapshot].contains(parent.kind), parent.config.materialized != "ephemeral", !built.contains(parent.uniqueId) else { return false }
            let relation = linker.relation(of: parent)
            return !existing.contains("\(relation.schema).\(relation.identifier)")
        }.map(\.name).sorted()
    }

    private static func standardError(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Results as workers report them; thread-safe.
final class ResultCollector: Sendable {
    private let storage = Mutex<[NodeResult]>([])
    func add(_ result: NodeResult) { storage.withLock { $0.append(result) } }
    var results: [NodeResult] { storage.withLock { $0 } }
}
