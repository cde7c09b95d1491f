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

    @Test func rethrowsTheWorksError() {
        let work = Background { () throws -> Int in throw Planted() }
        #expect(throws: Planted()) { try work.wait() }
        #expect(throws: Planted()) { try work.wait() }
    }
}
