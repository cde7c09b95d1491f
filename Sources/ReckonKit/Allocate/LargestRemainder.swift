/// Splits whole amounts of a currency's minor unit (cents) into parts that sum exactly to the
/// whole, by the largest-remainder (Hamilton) method.
///
/// Every part first gets the floor of its exact share; the cents left over go one each to the parts
/// with the largest remainders. Ties go to the part that comes first in the caller's order, so the
/// caller sorts (Reckon sorts by cost-center path) and the result is deterministic. No floating
/// point is involved: shares are computed with full-width `Int128` arithmetic.
public enum LargestRemainder {
    /// Splits `total` minor units in proportion to `weights`.
    ///
    /// A negative total is split as its magnitude and negated, so −10.00 in three even parts is
    /// −3.34, −3.33, −3.33.
    ///
    /// - Parameters:
    ///   - total: the whole, in minor units.
    ///   - weights: one non-negative weight per part (any scale; only ratios matter).
    /// - Returns: the parts, in the order of `weights`, summing to `total`; each is within one minor
    ///   unit of its exact share. `nil` when every weight is zero and `total` is not (there is no
    ///   basis to split on), or when a weight is negative.
    public static func split(_ total: Int128, weights: [Int128]) -> [Int128]? {
        if weights.contains(where: { $0 < 0 }) { return nil }
        if total < 0 { return split(-total, weights: weights).map { $0.map { -$0 } } }
        let sum = weights.reduce(Int128(0), +)
        if sum == 0 { return total == 0 ? weights.map { _ in 0 } : nil }
        var parts: [Int128] = []
        var remainders: [Int128] = []
        parts.reserveCapacity(weights.count)
        remainders.reserveCapacity(weights.count)
        for weight in weights {
            // total × weight can exceed Int128; the quotient (at most total) always fits.
            let (high, low) = total.multipliedFullWidth(by: weight)
            let (quotient, remainder) = sum.dividingFullWidth((high: high, low: low))
            parts.append(quotient)
            remainders.append(remainder)
        }
        let extra = total - parts.reduce(Int128(0), +)
        hand(extra, to: &parts, byLargest: remainders)
        return parts
    }

    /// Rounds exact amounts to minor units so that they sum to `total`.
    ///
    /// Used where exact costs (18 fractional digits) become cents: the whole bill among cost centers,
    /// and a cost center's cents among its lines. Each amount is floored to the minor unit; the
    /// units left over go to the amounts with the largest fractional remainders.
    ///
    /// - Parameters:
    ///   - amounts: the exact amounts (negative ones allowed).
    ///   - total: the whole in minor units, normally the exact sum rounded half away from zero.
    ///   - digits: the currency's minor-unit digits.
    /// - Returns: minor units per amount, summing to `total`, each within one minor unit of its
    ///   amount; `nil` when `total` is further from the exact sum than the amounts' count allows.
    public static func round(_ amounts: [Amount], to total: Int128, digits: Int) -> [Int128]? {
        let step = Pow10.table[Amount.scale - digits]
        var parts: [Int128] = []
        var remainders: [Int128] = []
        parts.reserveCapacity(amounts.count)
        remainders.reserveCapacity(amounts.count)
        for amount in amounts {
            var (quotient, remainder) = amount.units.quotientAndRemainder(dividingBy: step)
            if remainder < 0 {
                quotient -= 1
                remainder += step
            }
            parts.append(quotient)
            remainders.append(remainder)
        }
        let extra = total - parts.reduce(Int128(0), +)
        guard extra >= 0, extra <= Int128(amounts.count) else { return nil }
        hand(extra, to: &parts, byLargest: remainders)
        return parts
    }

    /// Gives one unit each to the `extra` parts with the largest remainders (earlier first on ties).
    static func hand(_ extra: Int128, to parts: inout [Int128], byLargest remainders: [Int128]) {
        guard extra > 0 else { return }
        let order = remainders.indices.sorted { a, b in
            remainders[a] != remainders[b] ? remainders[a] > remainders[b] : a < b
        }
        for index in order.prefix(Int(extra)) { parts[index] += 1 }
    }

    /// The exact amount rounded half away from zero to `digits`, in minor units.
    public static func minorUnits(_ amount: Amount, digits: Int) -> Int128 {
        amount.minorUnits(scale: digits, rule: .halfAwayFromZero)
    }
}
