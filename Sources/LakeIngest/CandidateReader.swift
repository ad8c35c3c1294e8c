import Foundation

/// Reads one raw file lake found: a plain CSV in pieces on every core (a second pass writes a staged copy
/// only when some line must not reach DuckDB), a compressed CSV or an archive's CSVs through
/// libarchive into staged copies. Names each by its content and judges each line; a file that
/// cannot be read, or changes while it is read, is said to be so.
enum CandidateReader {
    /// What reading one candidate gave: a decision per CSV in it (an archive holds several).
    struct Read {
        var decisions: [FileDecision] = []
        var notIngested: [(file: String, why: String)] = []
        var changedWhileRead = false
    }

    static func read(_ candidate: RawFileListing.Candidate, rules: LineRules, table: String, stagedPath: () -> String) -> Read {
        var read = Read()
        func decision(_ file: String, _ result: RawFileScanner.Result, staged: String?) -> FileDecision {
            var decision = FileDecision(file: file, action: .new, contentHash: result.contentHash, fingerprint: candidate.fingerprint, scan: result)
            if let reason = result.quarantineReason(table: table, columns: rules.columns.count) {
                decision.action = .quarantined
                decision.detail = reason
            } else if result.needsStaging || staged != nil {
                decision.readPath = staged
            } else {
                decision.readPath = candidate.path
            }
            return decision
        }
        func quarantined(_ reason: String) -> FileDecision {
            var decision = FileDecision(file: candidate.file, action: .quarantined, detail: reason, fingerprint: candidate.fingerprint)
            decision.contentHash = "unreadable:\(candidate.fingerprint.size):\(candidate.fingerprint.modifiedNanoseconds)"
            return decision
        }
        do {
            // A name says `.csv`; the first bytes may still say gzip, zip or tar.
            let container = candidate.container == .plain ? RawFileReader.container(of: candidate.path) : candidate.container
            switch container {
            case .plain:
                var result = try RawFileScanner.scan(try PlainFile(candidate.path), rules: rules,
                                                     parts: ProcessInfo.processInfo.activeProcessorCount)
                var staged: String?
                if result.needsStaging, result.quarantineReason(table: table, columns: rules.columns.count) == nil {
                    // Rare: the file has lines DuckDB must not see. A second pass writes the copy it reads.
                    let path = stagedPath()
                    let copier = RawFileScanner(rules: rules, staged: try StagedCopy(path: path))
                    try RawFileReader.readPlain(candidate.path) { copier.consume($0) }
                    let second = try copier.finish()
                    if second.contentHash != result.contentHash { read.changedWhileRead = true; return read }
                    result = second
                    staged = path
                }
                read.decisions.append(decision(candidate.file, result, staged: staged))
            case .compressed:
                let path = stagedPath()
                var scanner: RawFileScanner?
                var failure: Error?
                try RawFileReader.readArchive(candidate.path) { _ in
                    guard scanner == nil, failure == nil else { return nil }
                    do {
                        let made = RawFileScanner(rules: rules, staged: try StagedCopy(path: path))
                        scanner = made
                        return { made.consume($0) }
                    } catch { failure = error; return nil }
                }
                if let failure { throw failure }
                // An empty stream has no entry: an empty CSV, like an empty plain file.
                let result = try (scanner ?? RawFileScanner(rules: rules, staged: try StagedCopy(path: path))).finish()
                read.decisions.append(decision(candidate.file, result, staged: path))
            case .archive:
                var scanners: [(String, RawFileScanner, String)] = []
                var failure: Error?
                try RawFileReader.readArchive(candidate.path) { entry in
                    guard let member = entry.member, entry.isRegularFile else { return nil }
                    guard RawFileListing.isCSVMember(member) else {
                        read.notIngested.append((candidate.file + "!" + member, "not a CSV file: \(RawFileListing.supported)"))
                        return nil
                    }
                    do {
                        let path = stagedPath()
                        let scanner = RawFileScanner(rules: rules, staged: try StagedCopy(path: path))
                        scanners.append((candidate.file + "!" + member, scanner, path))
                        return { scanner.consume($0) }
                    } catch { failure = error; return nil }
                }
                if let failure { throw failure }
                for (file, scanner, path) in scanners {
                    read.decisions.append(decision(file, try scanner.finish(), staged: path))
                }
                if scanners.isEmpty, read.notIngested.isEmpty { read.decisions.append(quarantined("the archive holds no CSV file")) }
            }
        } catch {
            read.decisions = [quarantined("cannot be read: \(error)")]
        }
        if FileFingerprint.of(candidate.path) != candidate.fingerprint { read.changedWhileRead = true }
        return read
    }
}
