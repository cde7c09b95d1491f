import Testing

@testable import ReckonKit

@Suite struct KeySegmentsTests {
    /// A run's raw text is the fields exactly as written in the line: quotes, doubled quotes and
    /// commas; a quoted field at the very start of the buffer keeps its quote too.
    @Test(arguments: [
        ("a,\"b \"\"q\"\" c\",d", 0, 2, "a,\"b \"\"q\"\" c\",d"), ("a,\"b \"\"q\"\" c\",d", 1, 1, "\"b \"\"q\"\" c\""),
        ("a,\"b \"\"q\"\" c\",d", 0, 0, "a"), ("a,\"b \"\"q\"\" c\",d", 1, 2, "\"b \"\"q\"\" c\",d"),
        ("x,\"\",y", 1, 1, "\"\""), ("x,,y", 0, 1, "x,"), ("\"a\",b", 0, 1, "\"a\",b"),
        ("\"a, b\",\"c\"", 0, 1, "\"a, b\",\"c\""), ("a,b\"c,d", 1, 2, "b\"c,d"),
        ("NULL,Müller,\"Contoso Holdings, Inc.\"", 1, 2, "Müller,\"Contoso Holdings, Inc.\""),
    ]) func rawTextIsTheFieldsAsWritten(line: String, first: Int, last: Int, expected: String) throws {
        // The line twice: the first record starts at the buffer's first byte, the second after a
        // line feed; with a 16-byte buffer and 3-byte reads, records also move to the buffer's start.
        for (bufferSize, chunk) in [(1 << 16, Int.max), (16, 3)] {
            let reader = CSVReader(
                source: MemoryByteSource(line + "\n" + line + "\n", chunk: chunk),
                bufferSize: bufferSize
            )
            for _ in 0..<2 {
                #expect(try reader.next())
                let raw = reader.record.raw(from: first, through: last)
                #expect(String(decoding: raw, as: UTF8.self) == expected, "buffer \(bufferSize), reads of \(chunk)")
            }
        }
    }

    /// Adjacent fields are joined while one follows from the other; a field that varies on its
    /// own, a field that is not adjacent in the file, and a field new in every row stay alone.
    @Test func runsJoinAdjacentFieldsThatChangeTogether() {
        let rows = 4096
        // Key fields at file positions 0, 1, 2, 3, 5, 6.
        let fields = [0, 1, 2, 3, 5, 6]
        var sample: [UInt32] = []
        for row in 0..<rows {
            let meter = UInt32(row % 50 + 1)
            let subscription = UInt32((row / 50) % 97 + 1)
            sample += [
                meter, meter % 10 + 1,  // the meter's name: follows from the meter
                subscription,  // independent of the meter: 50 × 97 pairs, most rows new
                subscription % 5 + 1,  // follows from the subscription
                subscription,  // follows too, but is not next to it in the file
                UInt32(row + 1),  // new in every row
            ]
        }
        let segments = KeySegments(
            keyFields: fields.enumerated().map { KeyField(column: $0.offset, field: $0.element) },
            sample: sample,
            rows: rows
        )
        #expect(segments.segments.map { [$0.lower, $0.upper] } == [[0, 2], [2, 4]])
        #expect(segments.starts == [0, -1, 1, -1, -1, -1])
    }

    /// Decoding with segments gives exactly the ids of decoding field by field, and the pool the
    /// same values in the same order: through quoted and escaped fields, `NULL`, ids that differ
    /// only in case (stored lower-cased), the same value quoted and unquoted, and a run that stops
    /// repeating halfway (its segment is dissolved and its fields are looked up alone).
    @Test func segmentsGiveTheIdsOfFieldByFieldDecoding() throws {
        let header =
            "invoiceId,previousInvoiceId,billingCurrency,meterId,meterName,meterCategory,SubscriptionId,subscriptionName,"
            + "resourceGroupName,date,costInBillingCurrency,tags,chargeType,pricingModel"
        var text = header + "\n"
        let rowCount = 14_000
        // What each row's subscription, resource group (both stored lower-cased, two in one row),
        // meter name and tags must read as, from the values written, not from a decoder.
        var expected: [[String]] = []
        for row in 0..<rowCount {
            let meter = row % 37
            let subscription = (row / 3) % 211
            // From row 8000 on the meter's name is new in every row: the meter run stops repeating.
            let meterName = row < 8000 ? "\"Meter \"\"\(meter)\"\" Name\"" : "name-\(row)"
            let meterID = meter % 5 == 0 ? "\"m-\(meter)\"" : "m-\(meter)"
            let subscriptionID = (row % 2 == 0 ? "SUB-" : "sub-") + "\(subscription)"
            let group = subscription % 4 == 0 ? "NULL" : "RG-\(subscription % 7)"
            let tags = row % 3 == 0 ? "" : "\"\"\"team\"\": \"\"t\(row % 13)\"\"\""
            text +=
                "G1,,USD,\(meterID),\(meterName),Compute,\(subscriptionID),\"Sub, \(subscription)\",\(group),"
                + "10/0\(1 + row % 9)/2026,0.\(row % 100),\(tags),Usage,OnDemand\n"
            expected.append([
                "sub-\(subscription)", group == "NULL" ? "" : "rg-\(subscription % 7)",
                row < 8000 ? "Meter \"\(meter)\" Name" : "name-\(row)",
                row % 3 == 0 ? "" : "\"team\": \"t\(row % 13)\"",
            ])
        }
        let schema = try CostSchema.detect(headerNames: header.split(separator: ",").map(String.init), file: "test.csv")
        // With `handOver`, a second decoder takes over at that row with the first one's segments,
        // as a worker's next byte range of a file does.
        func decodeAll(segments: Bool, handOver: Int = .max) throws -> (
            keys: [[UInt32]], pool: [String], decoder: CostRowDecoder
        ) {
            let reader = CSVReader(source: MemoryByteSource(text, chunk: 1000), bufferSize: 4096)
            #expect(try reader.next())
            var decoder = CostRowDecoder(schema: schema, metric: .actual, segments: segments)
            var pool = StringPool()
            var record = CostRecord()
            var keys: [[UInt32]] = []
            while try reader.next() {
                if keys.count == handOver, let learned = decoder.learned {
                    decoder = CostRowDecoder(schema: schema, metric: .actual)
                    decoder.adopt(learned)
                    #expect(!decoder.sampling)
                }
                try decoder.decode(reader, into: &record, pool: &pool)
                keys.append(record.keys)
            }
            return (keys, (0..<pool.count).map { pool.string(UInt32($0)) }, decoder)
        }
        let (alone, alonePool, _) = try decodeAll(segments: false)
        let columns: [CostColumn] = [.subscriptionId, .resourceGroup, .meterName, .tags]
        let read = alone.map { keys in columns.map { alonePool[Int(keys[$0.rawValue])] } }
        let firstWrong = read.indices.first { read[$0] != expected[$0] }
        #expect(
            firstWrong == nil,
            "row \(firstWrong ?? 0): \(read[firstWrong ?? 0]) instead of \(expected[firstWrong ?? 0])"
        )
        let (joined, joinedPool, decoder) = try decodeAll(segments: true)
        let (handedOver, handedOverPool, _) = try decodeAll(segments: true, handOver: 6000)
        #expect(alone.count == rowCount && joined.count == rowCount)
        for other in [joined, handedOver] {
            let firstDifference = alone.indices.first { other[$0] != alone[$0] }
            #expect(
                firstDifference == nil,
                "row \(firstDifference ?? 0): \(other[firstDifference ?? 0]) instead of \(alone[firstDifference ?? 0])"
            )
        }
        #expect(joinedPool == alonePool && handedOverPool == alonePool)
        #expect(alonePool.contains("sub-3") && !alonePool.contains("SUB-3") && alonePool.contains("Meter \"4\" Name"))
        // The sample joined the first six fields (the invoice, the currency and the meter; with
        // the subscription, which varies apart from the meter, most rows would be new), the
        // subscription's three, and the tags with the charge type and pricing model. The first run
        // stopped repeating and was dissolved.
        let runs = decoder.segments.segments.map {
            decoder.keyFields[$0.lower].field...decoder.keyFields[$0.upper - 1].field
        }
        #expect(runs == [0...5, 6...8, 11...13])
        #expect(
            decoder.segments.starts.enumerated().filter { $0.element >= 0 }.map { decoder.keyFields[$0.offset].field }
                == [6, 11]
        )
    }

    /// Segments learned for one column order are not taken by a decoder of another (their tables
    /// map text to the ids of other columns, with other lower-casing); the same order takes them.
    @Test func segmentsServeOnlyTheKeyFieldsTheyWereChosenFor() throws {
        func decoder(_ header: String, rows: Int) throws -> CostRowDecoder {
            let schema = try CostSchema.detect(
                headerNames: header.split(separator: ",").map(String.init),
                file: "test.csv"
            )
            let columns = header.split(separator: ",")
            let row = columns.map {
                $0 == "date"
                    ? "10/01/2026" : $0 == "costInBillingCurrency" ? "1.0" : $0 == "billingCurrency" ? "USD" : "ABC"
            }
            let text = header + "\n" + String(repeating: row.joined(separator: ",") + "\n", count: rows)
            let reader = CSVReader(source: MemoryByteSource(text))
            #expect(try reader.next())
            var decoder = CostRowDecoder(schema: schema, metric: .actual)
            var pool = StringPool()
            var record = CostRecord()
            while try reader.next() { try decoder.decode(reader, into: &record, pool: &pool) }
            return decoder
        }
        let first = try decoder(
            "SubscriptionId,subscriptionName,date,costInBillingCurrency,billingCurrency",
            rows: KeySegments.sampleRows
        )
        let learned = try #require(first.learned)
        #expect(learned.segments.count == 1)
        let swappedSchema = try CostSchema.detect(
            headerNames: ["subscriptionName", "SubscriptionId", "date", "costInBillingCurrency", "billingCurrency"],
            file: "b.csv"
        )
        var swapped = CostRowDecoder(schema: swappedSchema, metric: .actual)
        swapped.adopt(learned)
        #expect(swapped.sampling)
        var same = CostRowDecoder(schema: first.schema, metric: .actual)
        same.adopt(learned)
        #expect(!same.sampling)
    }

    /// A segment whose table outgrows its caps, in texts or in bytes, is dissolved at its next
    /// miss, however well it repeats.
    @Test(arguments: ["texts", "bytes"]) func aTableThatOutgrowsItsCapsIsDissolved(cap: String) {
        let rows = 4096
        let sample = [UInt32](repeating: 1, count: rows * 2)
        var segments = KeySegments(
            keyFields: [KeyField(column: 0, field: 0), KeyField(column: 1, field: 1)],
            sample: sample,
            rows: rows
        )
        #expect(segments.starts == [0, -1])
        if cap == "texts" {
            // The pool counts its empty value too: this fills it to the cap.
            for index in 1..<KeySegments.maximumValues { _ = segments.segments[0].texts.intern("text \(index)") }
        } else {
            _ = segments.segments[0].texts.intern(String(repeating: "x", count: KeySegments.maximumBytes - 1))
        }
        segments.count(0, miss: true)
        #expect(segments.starts == [0, -1], "not yet over the cap")
        _ = segments.segments[0].texts.intern("one more, and a few bytes")
        segments.count(0, miss: true)
        #expect(segments.starts == [-1, -1])
        #expect(segments.segments[0].texts.count == 1)
    }
}
