import Testing

@testable import ReckonKit

@Suite struct ParallelMapTests {
    struct Failed: Error, Equatable { let index: Int }

    /// Values come back in index order for any number of workers, each index run once; when
    /// several fail, the lowest index's error is thrown, whichever thread got there first.
    @Test(arguments: [1, 2, 3, 8, 64]) func valuesInOrderAndTheFirstFailureInOrder(workers: Int) throws {
        let squares = try parallelMap(count: 50, workers: workers) { (index) throws(Failed) -> Int in index * index }
        #expect(squares == (0..<50).map { $0 * $0 })
        #expect(try parallelMap(count: 0, workers: workers) { (index) throws(Failed) -> Int in index }.isEmpty)
        #expect(throws: Failed(index: 3)) {
            _ = try parallelMap(count: 50, workers: workers) { (index) throws(Failed) -> Int in
                if index == 3 || index == 7 || index == 49 { throw Failed(index: index) }
                return index
            }
        }
    }
}
