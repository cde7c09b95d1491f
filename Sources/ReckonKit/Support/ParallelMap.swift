import Foundation

/// Runs `body` once for every index in `0..<count` on up to `workers` threads (by default one per
/// core), and returns the values in index order. When bodies throw, the error is the one of the
/// lowest index that failed, so the outcome does not depend on which thread ran first.
///
/// For independent items of a close's tail, which would otherwise leave a core idle: the
/// statements (one page per cost center), the libxml2 check of every page, the output digests.
/// `body` must be safe to run on several threads at once; each result goes into its own slot.
func parallelMap<Value, Failure: Error>(
    count: Int,
    workers: Int? = nil,
    _ body: @Sendable (Int) throws(Failure) -> Value
) throws(Failure) -> [Value] {
    var results = [Result<Value, Failure>?](repeating: nil, count: count)
    let threads = max(1, min(workers ?? ProcessInfo.processInfo.activeProcessorCount, count))
    results.withUnsafeMutableBufferPointer { buffer in
        let slots = UncheckedSendable(value: buffer)
        DispatchQueue.concurrentPerform(iterations: threads) { worker in
            for index in stride(from: worker, to: count, by: threads) {
                slots.value[index] = Result { () throws(Failure) -> Value in try body(index) }
            }
        }
    }
    var values: [Value] = []
    values.reserveCapacity(count)
    for slot in results {
        // Every slot is filled: the strides cover every index.
        guard let slot else { preconditionFailure("parallelMap left a slot empty") }
        values.append(try slot.get())
    }
    return values
}
