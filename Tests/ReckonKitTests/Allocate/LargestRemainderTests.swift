import Testing

@testable import ReckonKit

/// Largest-remainder splitting: the parts always sum to the whole, each is within one minor unit
/// of its exact share, and ties go to the earlier part (callers sort by cost-center path).
@Suite struct LargestRemainderTests {
    /// Three-way even splits of amounts that do not divide by three, worked by hand:
    /// 100.01 / 3 = 33.336…, floors 33.33 × 3 = 99.99, the 2 cents left go to the first two parts
    /// (equal remainders: earlier first).
    @Test(arguments: [
        (Int128(10001), [Int128(3334), 3334, 3333]), (Int128(2), [Int128(1), 1, 0]), (Int128(1), [Int128(1), 0, 0]),
        (Int128(-10001), [Int128(-3334), -3334, -3333]), (Int128(250001), [Int128(83334), 83334, 83333]),
        (Int128(0), [Int128(0), 0, 0]),
    ]) func threeWayEvenSplitOfOddCents(total: Int128, expected: [Int128]) throws {
        let parts = try #require(LargestRemainder.split(total, weights: [1, 1, 1]))
        #expect(parts == expected)
        #expect(parts.reduce(0, +) == total)
    }

    /// Proportional splits that need the remainder step, worked by hand:
    /// 10.00 by 3:3:1 → exact 4.2857…, 4.2857…, 1.4285… → floors 428 + 428 + 142 = 998 cents;
    /// remainders 4/7, 4/7, 6/7 → the third gets a cent first, then the first → 429, 428, 143.
    /// 104.07 by 30:25:20:25 → 31.221, 26.0175, 20.814, 26.0175 → floors sum 10405; remainders .1, .75,
    /// .4, .75 → the two 25 % parts get the two cents.
    /// 160.83 by 7.9 % / 0.1 % / 57.7 % / 34.3 % style weights (the Contoso compute basis, exact).
    @Test(arguments: [
        (Int128(1000), [Int128(3), 3, 1], [Int128(429), 428, 143]),
        (Int128(10407), [Int128(30), 25, 20, 25], [Int128(3122), 2602, 2081, 2602]),
        (Int128(100), [Int128(1), 0, 1], [Int128(50), 0, 50]), (Int128(7), [Int128(5), 3], [Int128(4), 3]),
        (Int128(83334), [Int128(5), 14, 2], [Int128(19841), 55556, 7937]),
    ]) func proportionalSplitHandsOutRemainders(total: Int128, weights: [Int128], expected: [Int128]) throws {
        let parts = try #require(LargestRemainder.split(total, weights: weights))
        #expect(parts == expected)
        #expect(parts.reduce(0, +) == total)
    }

    @Test func contosoComputeBasisNeedsRemainders() throws {
        // shared-log-analytics on the bundled month: 160.83 USD by each US team's exact compute cost
        // (tools/oracle/allocation_expected.py prints the same weights and shares).
        let weights = try ["72.6517256464992", "1.2403871898792", "527.399950471086247348", "313.4861083233012"]
            .map { try Amount.parse($0).units }
        let parts = try #require(LargestRemainder.split(16083, weights: weights))
        #expect(parts == [1277, 22, 9272, 5512])
    }

    @Test func noBasisIsNil() {
        #expect(LargestRemainder.split(100, weights: [0, 0]) == nil)
        #expect(LargestRemainder.split(0, weights: [0, 0]) == [0, 0])
        #expect(LargestRemainder.split(100, weights: [1, -1]) == nil)
    }

    @Test func hugeWeightsUseFullWidthArithmetic() throws {
        let big = Int128(10).power(37)
        let parts = try #require(LargestRemainder.split(Int128(10).power(15) + 1, weights: [big, big, big / 2]))
        #expect(parts.reduce(0, +) == Int128(10).power(15) + 1)
        #expect(parts[0] == parts[1] || parts[0] == parts[1] + 1)
    }

    /// Rounding exact amounts to a total: floors, then the largest fractional remainders.
    @Test func roundsExactAmountsToTheirRoundedTotal() throws {
        let amounts = try ["0.333", "0.333", "0.334", "-0.004"].map { try Amount.parse($0) }
        // Σ = 0.996 → 1.00 → 100 cents. Floors 33 + 33 + 33 − 1 = 98; remainders .3, .3, .4, .6:
        // the two cents go to −0.004 (→ 0) and 0.334 (→ 34).
        let cents = try #require(LargestRemainder.round(amounts, to: 100, digits: 2))
        #expect(cents == [33, 33, 34, 0])
        #expect(LargestRemainder.round(amounts, to: 110, digits: 2) == nil)
        let yen = try #require(
            LargestRemainder.round(
                [Amount(1) + Amount(minorUnits: 5, scale: 1), Amount(minorUnits: 15, scale: 1)],
                to: 3,
                digits: 0
            )
        )
        #expect(yen == [2, 1])
    }

    /// Random totals and weights: the parts sum to the whole and each is within one unit of its
    /// exact share (checked in exact rational arithmetic).
    @Test func randomSplitsSumAndStayWithinOneUnit() throws {
        var random = TestRandom(seed: 42)
        for _ in 0..<2000 {
            let count = Int(random.next() % 9) + 1
            let weights = (0..<count).map { _ in Int128(random.next() % 1_000_000) * (random.next() % 4 == 0 ? 0 : 1) }
            let total = Int128(random.next() % 10_000_000) - 5_000_000
            guard let parts = LargestRemainder.split(total, weights: weights) else {
                #expect(weights.allSatisfy { $0 == 0 })
                continue
            }
            #expect(parts.reduce(0, +) == total)
            let sum = weights.reduce(0, +)
            for (part, weight) in zip(parts, weights) {
                // |part × sum − total × weight| < sum
                let difference = part * sum - total * weight
                #expect(difference.magnitude < sum.magnitude)
            }
        }
    }
}

extension Int128 {
    func power(_ exponent: Int) -> Int128 { (0..<exponent).reduce(Int128(1)) { value, _ in value * self } }
}

/// A small deterministic generator (SplitMix64) so random tests repeat exactly.
struct TestRandom {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func int(_ range: Range<Int>) -> Int { range.lowerBound + Int(next() % UInt64(range.count)) }

    mutating func bool(_ percent: Int = 50) -> Bool { Int(next() % 100) < percent }
}
