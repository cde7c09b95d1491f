import Foundation
import Testing

@testable import ReckonKit

/// ``Background`` hands back the work's value or its error, as often as asked.
struct BackgroundTests {
    struct Planted: Error, Equatable {}

    @Test func returnsTheValueToEveryWait() throws {
        let work = Background { (1...1000).reduce(0, +) }
        #expect(try work.wait() == 500_500)
        #expect(try work.wait() == 500_500)
    }

    /// When the caller's own work throws, the background work has finished before the error
    /// reaches the caller (it may be writing into a folder the caller discards).
    @Test func alongsideWaitsForTheWorkBeforeRethrowing() {
        let finished = Flag()
        let work = Background { () -> Int in
            Thread.sleep(forTimeInterval: 0.2)
            finished.set()
            return 1
        }
        #expect(throws: Planted()) { try work.alongside { () throws -> Int in throw Planted() } }
        #expect(finished.isSet)
        #expect((try? work.alongside { 2 }) == 2)
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test func rethrowsTheWorksError() {
        let work = Background { () throws -> Int in throw Planted() }
        #expect(throws: Planted()) { try work.wait() }
        #expect(throws: Planted()) { try work.wait() }
    }
}
