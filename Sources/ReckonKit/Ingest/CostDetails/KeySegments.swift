/// A key column and the index of its field in the file.
struct KeyField: Equatable, Sendable {
    let column: Int
    let field: Int
}

/// Runs of adjacent key fields that ``CostRowDecoder`` looks up as one value.
///
/// A cost row's key columns come in runs that sit side by side in the file and change together:
/// a meter's id, name and category; a subscription's id, name and publisher; an invoice section's
/// id and name. Interning each field costs a hash and a probe into the string pool, about 30 a
/// row, and in the close that was the largest part of decoding (0.53 of 1.83 core-seconds at 1M
/// rows). A run that repeats as a whole is looked up by its raw text instead
/// (``CSVRecord/raw(from:through:)``: quotes, doubled quotes and the commas between the fields
/// included, so equal text means equal values), in a table of its own that keeps the ids of its
/// fields: one hash and one probe for the whole run.
///
/// Which runs: the decoder interns its first ``sampleRows`` rows field by field and hands their
/// ids to ``init(keyFields:sample:rows:)``, which joins adjacent fields while that is expected to
/// cost less than looking them up apart (see ``lookups(width:misses:rows:)``). A run that
/// stops repeating later (the sample was not typical: a file sorted by subscription, say) is
/// dissolved back into single fields when a window of ``window`` lookups costs more than single
/// fields would, and so is one whose table reaches ``maximumValues`` texts or ``maximumBytes``:
/// memory stays bounded and a segment never costs much more than it saves. A worker's later
/// ranges of the same file start with its segments, tables included (``CostFileReader``).
///
/// The ids do not depend on any of this. A run's text seen for the first time is interned field
/// by field, in file order, as every field is without segments, and a run seen before holds only
/// values the pool already has; so the pool receives the same new values in the same order with
/// or without segments.
struct KeySegments {
    /// Rows interned field by field before the runs are chosen.
    static let sampleRows = 4096
    /// Lookups between two checks of a segment's misses.
    static let window = 4096
    /// The most distinct texts a segment keeps before it is dissolved, and the most bytes of them
    /// (a run that takes in long values, tags say, reaches this first).
    static let maximumValues = 1 << 15
    static let maximumBytes = 4 << 20

    /// One run: key fields `lower..<upper` (in the decoder's file order).
    struct Segment {
        let lower: Int
        let upper: Int
        /// The run's raw texts, numbered from 1 in order of first sight.
        var texts = StringPool()
        /// The key ids of text number n, at `(n − 1) × width ..< n × width`.
        var ids: [UInt32] = []
        /// The text the previous row had (rows often repeat a run), 0 for none.
        var last: UInt32 = 0
        var lookups = 0
        var misses = 0

        var width: Int { upper - lower }
    }

    /// The key fields the segments were chosen for: (column, field index), in file order. Tables
    /// map raw text to ids by these columns, so they serve only a decoder with the same ones.
    let keyFields: [KeyField]
    /// The segments, in file order.
    var segments: [Segment]
    /// For each key field, the segment that starts at it, or -1 (a field looked up alone, or
    /// inside a segment).
    var starts: [Int]

    /// Chooses the runs from `rows` sampled rows: `sample[row × keyFields.count + k]` is the id
    /// of key field `k` (field indices ascending).
    init(keyFields: [KeyField], sample: [UInt32], rows: Int) {
        self.keyFields = keyFields
        let fields = keyFields.map(\.field)
        let width = fields.count
        segments = []
        starts = [Int](repeating: -1, count: width)
        guard rows > 0 else { return }
        var mixes = [UInt64](repeating: 0, count: rows)
        var joined = mixes
        var lower = 0
        while lower < width {
            for row in 0..<rows { mixes[row] = KeySegments.mix(0, sample[row * width + lower]) }
            var misses = KeySegments.distinct(mixes)
            var upper = lower + 1
            // Join the next field while it is adjacent in the file and the joined run is expected
            // to cost less than the run and the field looked up apart.
            while upper < width && fields[upper] == fields[upper - 1] + 1 {
                for row in 0..<rows { joined[row] = KeySegments.mix(mixes[row], sample[row * width + upper]) }
                let joinedMisses = KeySegments.distinct(joined)
                let apart = KeySegments.lookups(width: upper - lower, misses: misses, rows: rows) + rows
                guard KeySegments.lookups(width: upper - lower + 1, misses: joinedMisses, rows: rows) < apart else {
                    break
                }
                swap(&mixes, &joined)
                misses = joinedMisses
                upper += 1
            }
            if upper - lower >= 2
                && KeySegments.lookups(width: upper - lower, misses: misses, rows: rows) < (upper - lower) * rows
            {
                starts[lower] = segments.count
                segments.append(Segment(lower: lower, upper: upper))
            }
            lower = upper
        }
    }

    /// The lookups, in units of one field's lookup, that `rows` rows cost a run of `width` fields
    /// whose text is new in `misses` of them: the run's own lookup per row, and for a new text one
    /// per field and one to store it. (Fields looked up apart cost `width × rows`.) Whole numbers,
    /// so the choice is exact and the same everywhere.
    static func lookups(width: Int, misses: Int, rows: Int) -> Int { rows + misses * (width + 1) }

    /// Counts a window's lookups; dissolves segment `index` when the window cost more than its
    /// fields apart would, or its table is full.
    @inline(__always) mutating func count(_ index: Int, miss: Bool) {
        segments[index].lookups += 1
        if miss {
            segments[index].misses += 1
            if segments[index].texts.count > KeySegments.maximumValues
                || segments[index].texts.arena.count > KeySegments.maximumBytes
            {
                dissolve(index)
            }
        }
        if segments[index].lookups == KeySegments.window {
            let segment = segments[index]
            let cost = KeySegments.lookups(width: segment.width, misses: segment.misses, rows: segment.lookups)
            if cost >= segment.width * segment.lookups { dissolve(index) }
            segments[index].lookups = 0
            segments[index].misses = 0
        }
    }

    /// Turns segment `index` back into single fields for the rest of the decoder's rows.
    mutating func dissolve(_ index: Int) {
        starts[segments[index].lower] = -1
        segments[index].texts = StringPool()
        segments[index].ids = []
        segments[index].last = 0
    }

    /// The number of distinct values among `mixes` (a mix collision undercounts by one; this only
    /// guides a choice).
    static func distinct(_ mixes: [UInt64]) -> Int { Set(mixes).count }

    @inline(__always) static func mix(_ value: UInt64, _ id: UInt32) -> UInt64 {
        var mix = FieldMix()
        mix.add(value ^ UInt64(id))
        return mix.value
    }
}
