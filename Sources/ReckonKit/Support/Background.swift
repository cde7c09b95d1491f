import Foundation

/// Work started on a thread of its own, joined with ``wait()``: for the close's stages that do
/// not depend on each other (the allocation and the reconciliation after the shared pass; the
/// chargeback's files and the reconciliation's), so the second core is not idle while one runs.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written by the thread before it signals `done`, read after `wait()`.
    private var result: Result<Value, any Error>?

    /// Starts `work` now.
    init(_ work: @escaping @Sendable () throws -> Value) {
        let thread = Thread { [self] in
            result = Result { try work() }
            done.signal()
        }
        // Template rendering recurses per section: give it the main thread's 8 MiB, not the
        // 512 KiB a secondary thread gets by default on macOS (the shipped templates need about
        // 256 KiB; overrides may nest deeper).
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Work already done: `wait()` returns `value` at once. (For a stage that had to run before
    /// its caller could go on, handed over like one that still runs.)
    init(finished value: Value) {
        result = .success(value)
        done.signal()
    }

    /// Runs `body` on this thread while the work runs. When `body` throws, waits for the work
    /// before rethrowing: it may be writing into a folder the caller is about to discard.
    func alongside<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch {
            _ = try? wait()
            throw error
        }
    }

    /// The work's value, or the error it threw; waits for it to finish. Later calls return the
    /// same at once.
    func wait() throws -> Value {
        done.wait()
        done.signal()
        guard let result else { preconditionFailure("Background finished without a result") }
        return try result.get()
    }
}
