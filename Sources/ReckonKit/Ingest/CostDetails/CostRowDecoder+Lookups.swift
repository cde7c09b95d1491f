/// Bytes for the lower-cased key fields of one row, at one address while the row's pending
/// lookups point into them. (An array in the decoder cannot stay borrowed while the decoder's
/// other parts change, and borrowing it in a closure made every access retain and release.)
/// Copies of a decoder share it, so a decoder and its copies are used on one thread, as a
/// worker's are.
final class RowScratch {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var capacity: Int

    init() {
        capacity = 1024
        base = .allocate(byteCount: capacity, alignment: 8)
    }

    /// Makes room for `count` bytes, moving the buffer (and so only between rows).
    func reserve(_ count: Int) {
        guard count > capacity else { return }
        base.deallocate()
        capacity = count * 2
        base = .allocate(byteCount: capacity, alignment: 8)
    }

    deinit { base.deallocate() }
}

/// A lookup of one row left for the second pass of ``CostRowDecoder/lookUpKeys(_:into:pool:)``:
/// a segment's text or a field's bytes (in the record, or lower-cased in the row's scratch), with
/// its hash.
struct PendingLookup {
    /// The key field it starts at.
    let k: Int
    /// The segment it looks up, or -1 for a field looked up alone.
    let segment: Int
    let bytes: UnsafeRawBufferPointer
    let hash: UInt64
}

/// What a first look at a key field's bytes finds (``CostRowDecoder/settle(column:bytes:scratch:used:pool:)``).
enum SettledField {
    /// An empty or NULL field: id 0.
    case empty
    /// The previous row's value again: its id, found without hashing.
    case repeated(UInt32)
    /// The bytes to look up in the pool (lower-cased in the row's scratch for an id column).
    case lookUp(UnsafeRawBufferPointer)
}

extension CostRowDecoder {
    /// The first look at key field `column`'s `bytes`, the one step every lookup of a field
    /// starts with: an empty or NULL field is settled (id 0); an id column is lower-cased into the row's
    /// `scratch` at `used` (which it advances); a value equal to the previous row's is settled as
    /// that row's id, found by comparing bytes without hashing. Otherwise the bytes to look up.
    ///
    /// `@_transparent`, because it runs for every key field of every row and must be inlined into
    /// both callers: with `@inline(__always)` the optimizer still made it a call, and `inspect`
    /// ran 5 % more instructions (callgrind, 100k rows).
    @_transparent func settle(
        column: Int,
        bytes: UnsafeRawBufferPointer,
        scratch: UnsafeMutableRawPointer,
        used: inout Int,
        pool: inout StringPool
    ) -> SettledField {
        if bytes.isEmpty || CostRowDecoder.isNull(bytes) { return .empty }
        var bytes = bytes
        if lowercased.contains(column) {
            let target = scratch + used
            CostRowDecoder.lowerASCII(bytes, into: target)
            bytes = UnsafeRawBufferPointer(start: target, count: bytes.count)
            used += bytes.count
        }
        let previous = lastID[column]
        return previous != 0 && pool.matches(previous, bytes) ? .repeated(previous) : .lookUp(bytes)
    }

    /// Looks up the row's key fields and stores their ids in `keys`, in two passes, so that the
    /// cache misses of a row's dozen lookups overlap instead of waiting one after another.
    ///
    /// The first pass takes each lookup's bytes (a segment's raw text, or a field) and settles the
    /// ones that repeat the previous row's value; it hashes the others and prefetches their slots.
    /// The second looks those up, in file order, so new values get their ids in the order they
    /// appear, as with one pass.
    @inline(__always) mutating func lookUpKeys(
        _ fields: CSVRecord,
        into keys: UnsafeMutableBufferPointer<UInt32>,
        pool: inout StringPool
    ) {
        guard let first = keyFields.first, let last = keyFields.last else { return }
        pending.removeAll(keepingCapacity: true)
        if anyLowercased {
            // Room for every key field lower-cased, made before any pointer into it is kept.
            rowScratch.reserve(fields.raw(from: first.field, through: last.field).count)
        }
        let scratch = rowScratch.base
        var used = 0
        var k = 0
        while k < keyFields.count {
            let segment = segments.starts[k]
            if segment >= 0 {
                let upper = segments.segments[segment].upper
                let text = fields.raw(from: keyFields[k].field, through: keyFields[upper - 1].field)
                let number = segments.segments[segment].last
                if number != 0 && segments.segments[segment].texts.matches(number, text) {
                    copyIDs(of: segment, number: number, into: keys)
                    segments.count(segment, miss: false)
                } else {
                    let hash = StringPool.hash(text)
                    segments.segments[segment].texts.prefetch(hash: hash)
                    pending.append(PendingLookup(k: k, segment: segment, bytes: text, hash: hash))
                }
                k = upper
                continue
            }
            let column = keyFields[k].column
            switch settle(
                column: column,
                bytes: fields.field(keyFields[k].field),
                scratch: scratch,
                used: &used,
                pool: &pool
            ) {
            case .empty:
                keys[column] = 0
                lastID[column] = 0
            case .repeated(let id): keys[column] = id
            case .lookUp(let bytes):
                let hash = StringPool.hash(bytes)
                pool.prefetch(hash: hash)
                pending.append(PendingLookup(k: k, segment: -1, bytes: bytes, hash: hash))
            }
            k += 1
        }
        // `rowScratch` is not resized from here on: a segment's new text lower-cases its fields
        // after the ones above (the room reserved covers every key field of the row once).
        for index in pending.indices {
            let lookup = pending[index]
            if lookup.segment >= 0 {
                resolveSegment(
                    lookup.segment,
                    text: lookup.bytes,
                    hash: lookup.hash,
                    fields,
                    into: keys,
                    scratch: scratch,
                    used: &used,
                    pool: &pool
                )
            } else {
                let column = keyFields[lookup.k].column
                let id = pool.intern(lookup.bytes, hash: lookup.hash)
                keys[column] = id
                lastID[column] = id
            }
        }
    }

    /// Stores the key ids of segment `index`'s text `number` in `keys`.
    @inline(__always) func copyIDs(of index: Int, number: UInt32, into keys: UnsafeMutableBufferPointer<UInt32>) {
        let lower = segments.segments[index].lower
        let upper = segments.segments[index].upper
        segments.segments[index].ids
            .withUnsafeBufferPointer { ids in
                var at = (Int(number) - 1) * (upper - lower)
                for k in lower..<upper {
                    keys[keyFields[k].column] = ids[at]
                    at += 1
                }
            }
    }

    /// Looks up segment `index`'s run of the current row by its text (hashed to `hash`),
    /// interning its fields one by one when the text is new, and stores the fields' ids in `keys`.
    @inline(__always) mutating func resolveSegment(
        _ index: Int,
        text: UnsafeRawBufferPointer,
        hash: UInt64,
        _ fields: CSVRecord,
        into keys: UnsafeMutableBufferPointer<UInt32>,
        scratch: UnsafeMutableRawPointer,
        used: inout Int,
        pool: inout StringPool
    ) {
        let known = segments.segments[index].texts.count
        let number = segments.segments[index].texts.intern(text, hash: hash)
        segments.segments[index].last = number
        let miss = segments.segments[index].texts.count != known
        if miss {
            // New text: intern the fields, in file order, as without segments. (The text was
            // copied into the table above, before any field is unescaped in place.)
            for k in segments.segments[index].lower..<segments.segments[index].upper {
                let column = keyFields[k].column
                let id: UInt32
                switch settle(
                    column: column,
                    bytes: fields.field(keyFields[k].field),
                    scratch: scratch,
                    used: &used,
                    pool: &pool
                ) {
                case .empty: id = 0
                case .repeated(let previous): id = previous
                case .lookUp(let bytes): id = pool.intern(bytes)
                }
                keys[column] = id
                lastID[column] = id
                segments.segments[index].ids.append(id)
            }
        } else {
            copyIDs(of: index, number: number, into: keys)
        }
        segments.count(index, miss: miss)
    }
}
