import Foundation
import Testing

@testable import ReckonKit

/// Reading in byte ranges on several threads must give exactly what one sequential pass gives:
/// the same counts, totals, keys and rejected rows with the same line numbers.
@Suite struct ParallelIngestTests {
    static func read(_ path: String, workers: Int, minimumRange: Int) throws -> (String, [RejectedRow]) {
        let plan = try InputDiscovery.costFiles(at: path, metric: nil)
        var pool = StringPool()
        var rejects: [RejectedRow] = []
        let ingest = ParallelIngest(options: IngestOptions(), workers: workers, minimumRange: minimumRange)
        let (reads, _): ([FileRead<InspectSink>?], [Int: IngestError]) = try ingest.read(
            plan: plan,
            pool: &pool,
            makeSink: { InspectSink() },
            reject: { rejects.append($0) }
        )
        let summaries = reads.compactMap { $0 }.map { $0.sink.summary(of: $0.result, pool: pool) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (String(decoding: try encoder.encode(summaries), as: UTF8.self), rejects)
    }

    @Test(arguments: [(2, 4096), (4, 1000), (8, 300)]) func rangesGiveTheSameResultAsOnePass(
        workers: Int,
        minimumRange: Int
    ) throws {
        let path = Fixtures.path("contoso-2026-10/costdetails")
        let (sequential, _) = try ParallelIngestTests.read(path, workers: 1, minimumRange: .max)
        let (parallel, _) = try ParallelIngestTests.read(path, workers: workers, minimumRange: minimumRange)
        #expect(parallel == sequential)
    }

    /// Ranges long enough for key segments (``KeySegments``): each worker's first range of the
    /// file chooses them, its later ranges reuse them with their tables; the result is still the
    /// one pass's.
    @Test func rangesThatReuseKeySegmentsGiveTheSameResultAsOnePass() throws {
        let month = try GeneratedFixtureFolder(options: FixtureGenerator.Options(seed: 11, rows: 30_000))
        let path = month.url("costdetails/contoso-mca-actual").path
        let plan = try InputDiscovery.costFiles(at: path, metric: nil)
        let file = try #require(plan.files.first)
        let info = try CostFileReader.readHeader(file).info
        var remaining = ParallelIngest(options: IngestOptions()).dataBytes(of: file, header: info)
        let ranges = ParallelIngest(options: IngestOptions(), workers: 2, minimumRange: 5 << 20)
            .ranges(of: file, header: info, fileIndex: 0, remaining: &remaining)
        #expect(plan.files.count == 1 && ranges.count >= 4)
        let (sequential, _) = try ParallelIngestTests.read(path, workers: 1, minimumRange: .max)
        let (parallel, _) = try ParallelIngestTests.read(path, workers: 2, minimumRange: 5 << 20)
        #expect(parallel == sequential)
        #expect(sequential.contains("\"read\":30000"))
    }

    /// A file full of quoted line breaks and planted bad rows: many cuts fall inside quotes and must
    /// be detected; rejected rows keep their true line numbers.
    @Test func quotedLineBreaksAndBadRowsSurviveAnyCut() throws {
        let header = "invoiceId,date,billingCurrency,costInBillingCurrency,tags,meterId\n"
        var text = header
        var expectedRejectLines: [Int] = []
        var line = 2
        for index in 0..<400 {
            switch index % 37 {
            case 5:
                text += "G1,10/05/2026,USD,not-a-number,,m1\n"
                expectedRejectLines.append(line)
                line += 1
            case 11:
                text += "G1,10/05/2026,USD,1\n"
                expectedRejectLines.append(line)
                line += 1
            default:
                // Tags with line breaks inside quotes; the text after each break looks like a row.
                text +=
                    "G1,10/0\(1 + index % 9)/2026,USD,0.\(index),\"\"\"team\"\": \"\"a\n1,2,3,4,5,6\n\"\",\"\"x\"\": \"\"y\"\"\",m\(index % 7)\n"
                line += 3
            }
        }
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/mca-actual.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let (sequential, sequentialRejects) = try ParallelIngestTests.read(path, workers: 1, minimumRange: .max)
        #expect(sequentialRejects.map(\.line) == expectedRejectLines)
        for (workers, range) in [(2, 2000), (3, 700), (8, 150)] {
            let (parallel, rejects) = try ParallelIngestTests.read(path, workers: workers, minimumRange: range)
            #expect(parallel == sequential)
            #expect(rejects.map(\.line) == expectedRejectLines)
            #expect(rejects.map(\.reason) == sequentialRejects.map(\.reason))
        }
    }
}

/// The SHA-256 of each cost file, computed inside the read pass for the close pack's evidence.
@Suite struct PassDigestTests {
    /// FIPS 180-2's test vectors: the empty message and "abc".
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ]) func fileDigestMatchesTheStandardVectors(text: String, sha256: String) throws {
        let path = try Fixtures.temporaryFolder() + "/message"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        #expect(try FileDigest.of(file: path) == FileDigest(sha256: sha256, bytes: text.utf8.count))
    }

    /// Files that end exactly at, just past and well past the end of a 256 KiB read block get the
    /// SHA-256 Python's hashlib computes for the same bytes (`(i * 7) % 251`).
    @Test(arguments: [
        (1 << 20, "e76e4c02227083fd12207b7bc85287bb9e02a618fed3bd8eab1bc2daeda2fb53"),
        ((1 << 20) + 3, "98c32015c369957d4b4957cc9995e4d027f0ff6733e65f5fa99ceb52f861bf26"),
        (3 * (1 << 20) + 1, "73bf250fbda5583548ec58b0c60cf9fbcf674900180bc4dcf07b65ea1de1a6d5"),
    ]) func fileDigestSpansReadBlocks(size: Int, sha256: String) throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/large"
        let bytes = (0..<size).map { UInt8(($0 * 7) % 251) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try FileDigest.of(file: path) == FileDigest(sha256: sha256, bytes: size))
    }

    /// Every file read in ranges on several threads gets the digest Python's hashlib computes;
    /// files named in `digested` are not hashed again. With 4 and 8 workers two threads hash.
    @Test(arguments: [(1, Int.max), (2, 4096), (4, 1000), (8, 700)]) func digestsOfThePassAgreeWithHashlib(
        workers: Int,
        minimumRange: Int
    ) throws {
        let path = Fixtures.path("contoso-2026-10/costdetails")
        let plan = try InputDiscovery.costFiles(at: path, metric: nil)
        var options = IngestOptions()
        options.digests = true
        options.digested = [plan.files[0].path]
        var pool = StringPool()
        let ingest = ParallelIngest(options: options, workers: workers, minimumRange: minimumRange)
        let (reads, _): ([FileRead<InspectSink>?], [Int: IngestError]) = try ingest.read(
            plan: plan,
            pool: &pool,
            makeSink: { InspectSink() },
            reject: { _ in }
        )
        let expected = try Python.json(
            [String: [String]].self,
            """
            import hashlib, json, os, sys
            print(json.dumps({p: [hashlib.sha256(open(p, 'rb').read()).hexdigest(), str(os.path.getsize(p))] for p in sys.argv[1:]}))
            """,
            plan.files.map(\.path)
        )
        #expect(plan.files.count >= 2)
        for (index, read) in reads.enumerated() {
            let file = plan.files[index]
            let digest = try #require(read).result.digest
            if index == 0 {
                #expect(digest == nil, "\(file.displayName) was digested already")
            } else {
                #expect(digest?.sha256 == expected[file.path]?[0], "\(file.displayName)")
                #expect(digest.map { String($0.bytes) } == expected[file.path]?[1], "\(file.displayName)")
            }
        }
    }
}

extension PassDigestTests {
    /// About 0.4 hashing threads per worker (the close parses at about 0.6 GB/s a core, SHA-256
    /// runs at about 1.4), at least one, never more than the files to hash.
    @Test(arguments: [
        (1, 1, 1), (10, 1, 1), (10, 2, 1), (10, 3, 1), (10, 4, 2), (10, 6, 2), (10, 7, 3), (10, 8, 3), (10, 16, 6),
        (2, 8, 2), (1, 64, 1), (0, 8, 0),
    ]) func hashingThreadsFollowTheWorkers(files: Int, workers: Int, threads: Int) {
        #expect(ParallelIngest.digestThreads(files: files, workers: workers) == threads)
    }

    /// Strict mode reads every file in one range even when the pass also hashes it: the first bad
    /// row stops the run with its true line, and quoted line breaks never look like bad rows.
    @Test func strictWithDigestsStopsAtTheTrueLine() throws {
        var text = "invoiceId,date,billingCurrency,costInBillingCurrency,tags,meterId\n"
        var line = 2
        var badLine = 0
        for index in 0..<300 {
            if index == 250 {
                text += "G1,10/05/2026,USD,not-a-number,,m1\n"
                badLine = line
                line += 1
            } else {
                text += "G1,10/0\(1 + index % 9)/2026,USD,0.\(index),\"\"\"team\"\": \"\"a\n2,3\n\"\"\",m\(index % 7)\n"
                line += 3
            }
        }
        let path = try Fixtures.temporaryFolder() + "/mca-actual.csv"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var options = IngestOptions(strict: true)
        options.digests = true
        let plan = try InputDiscovery.costFiles(at: path, metric: nil)
        var pool = StringPool()
        do {
            let _: ([FileRead<InspectSink>?], [Int: IngestError]) = try ParallelIngest(
                options: options,
                minimumRange: 150
            )
            .read(plan: plan, pool: &pool, makeSink: { InspectSink() }, reject: { _ in })
            Issue.record("the bad row should stop a strict read")
        } catch {
            let ingest = try #require(error as? IngestError)
            #expect(ingest.line == badLine)
            #expect(ingest.column == "costInBillingCurrency")
        }
    }
}

extension ParallelIngestTests {
    /// Many files cut into many small ranges on 8 workers, with and without digests, run again and
    /// again: outputs wait for earlier ranges, workers pause when too many wait, cuts fall inside
    /// quoted line breaks; the result is always the sequential one.
    @Test func manyFilesAndRangesAlwaysGiveTheSequentialResult() throws {
        let folder = try Fixtures.temporaryFolder() + "/many"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in 0..<12 {
            var text = "invoiceId,date,billingCurrency,costInBillingCurrency,tags,meterId\n"
            for index in 0..<(40 + file * 7) {
                if (index + file) % 23 == 0 {
                    text += "G\(file),10/05/2026,USD,bad\(index),,m1\n"
                } else {
                    text +=
                        "G\(file),10/0\(1 + index % 9)/2026,USD,\(file).\(index),\"\"\"t\(index % 5)\"\": \"\"a\n1,2\n\"\"\",m\(index % 11)\n"
                }
            }
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/part_\(file)-actual.csv"))
        }
        let (sequential, sequentialRejects) = try ParallelIngestTests.read(folder, workers: 1, minimumRange: .max)
        for run in 0..<10 {
            var options = IngestOptions()
            options.digests = run % 2 == 0
            let plan = try InputDiscovery.costFiles(at: folder, metric: nil)
            var pool = StringPool()
            var rejects: [RejectedRow] = []
            let (reads, _): ([FileRead<InspectSink>?], [Int: IngestError]) = try ParallelIngest(
                options: options,
                workers: 8,
                minimumRange: 120
            )
            .read(plan: plan, pool: &pool, makeSink: { InspectSink() }, reject: { rejects.append($0) })
            let summaries = reads.compactMap { $0 }.map { $0.sink.summary(of: $0.result, pool: pool) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            #expect(String(decoding: try encoder.encode(summaries), as: UTF8.self) == sequential)
            #expect(rejects.map { "\($0.file):\($0.line)" } == sequentialRejects.map { "\($0.file):\($0.line)" })
            #expect(reads.allSatisfy { ($0?.result.digest != nil) == options.digests })
        }
        #expect(sequentialRejects.count > 12)
    }

    /// Guided cuts: long ranges while much of the pass is left, short ones at its end, each
    /// starting after a line break, covering the file exactly, none shorter than the minimum.
    /// Expected lengths by hand: 100 rows of 100 bytes, 2 workers, a 1,000-byte minimum.
    @Test func rangesShrinkTowardsTheEndOfThePass() throws {
        let folder = try Fixtures.temporaryFolder()
        let header = "invoiceId,date,billingCurrency,costInBillingCurrency,meterId\n"
        let row = "G1,10/05/2026,USD,1.5,m" + String(repeating: "x", count: 100 - 24) + "\n"
        #expect(row.utf8.count == 100)
        let path = folder + "/mca-actual.csv"
        try Data((header + String(repeating: row, count: 100)).utf8).write(to: URL(fileURLWithPath: path))
        let file = CostInputFile(path: path)
        let info = try CostFileReader.readHeader(file).info
        let ingest = ParallelIngest(options: IngestOptions(), workers: 2, minimumRange: 1000)

        func lengths(_ tasks: [ParallelIngest.Task], size: Int) -> [Int] {
            tasks.map { ($0.stop == .max ? size : $0.stop) - $0.start }
        }
        let size = info.dataOffset + 10_000
        // Alone in the pass: 10,000 / 4 = 2,500, and a cut goes to the end of the row it falls in
        // (2,600); then 7,400 / 4 = 1,850 → 1,900; 5,500 / 4 = 1,375 → 1,400; 4,100 / 4 = 1,025 →
        // 1,100; 3,000 / 4 is under the minimum, so 1,000 → 1,100; the last 1,900 cannot be cut
        // without leaving less than 1,000.
        var remaining = 10_000
        let alone = ingest.ranges(of: file, header: info, fileIndex: 0, remaining: &remaining)
        #expect(remaining == 0)
        #expect(alone.first?.start == info.dataOffset)
        #expect(lengths(alone, size: size) == [2600, 1900, 1400, 1100, 1100, 1900])
        for (before, after) in zip(alone, alone.dropFirst()) { #expect(before.stop == after.start) }

        // Early in a long pass (a 100,000-byte file follows): one range for the whole file.
        remaining = 110_000
        let early = ingest.ranges(of: file, header: info, fileIndex: 0, remaining: &remaining)
        #expect(lengths(early, size: size) == [10_000])
        #expect(remaining == 100_000)

        // One worker reads a file in one range, however much is left.
        remaining = 10_000
        let strict = ParallelIngest(options: IngestOptions(), workers: 1, minimumRange: 1000)
        #expect(strict.ranges(of: file, header: info, fileIndex: 0, remaining: &remaining).count == 1)

        // No arithmetic traps: an absurd `--threads`, the largest minimum range, and a file that
        // shrank below its header's end after the header was read.
        remaining = Int.max / 2
        let many = ParallelIngest(options: IngestOptions(), workers: Int.max / 2, minimumRange: 1000)
        #expect(many.ranges(of: file, header: info, fileIndex: 0, remaining: &remaining).count >= 1)
        remaining = 10_000
        let never = ParallelIngest(options: IngestOptions(), workers: 2, minimumRange: .max)
        #expect(never.ranges(of: file, header: info, fileIndex: 0, remaining: &remaining).count == 1)
        let shrunk = CostFileReader.HeaderInfo(
            schema: info.schema,
            compressed: false,
            dataOffset: size + 5000,
            firstDataLine: 2
        )
        remaining = 10_000
        #expect(never.ranges(of: file, header: shrunk, fileIndex: 0, remaining: &remaining).count == 1)
    }
}
