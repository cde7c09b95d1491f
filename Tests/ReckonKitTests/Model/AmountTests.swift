import Testing

@testable import ReckonKit

@Suite struct AmountTests {
    /// Values and their exact canonical text, checked by hand and against Python's `decimal`
    /// (`str(Decimal(x).normalize())` with plain notation).
    @Test(arguments: [
        ("0", "0"), ("-0", "0"), ("12.5", "12.5"), ("-12.50", "-12.5"), ("+3", "3"), (".5", "0.5"), ("5.", "5"),
        ("5.64902E-05", "0.0000564902"), ("1.60101E-07", "0.000000160101"), ("1e3", "1000"), ("2.5E+2", "250"),
        ("0.0000000072922557592391990000", "0.000000007292255759"),
        ("0.0001188669167459011366", "0.000118866916745901"), ("62023534.5490331891", "62023534.5490331891"),
        ("99999999999999999999.999999999999999999", "99999999999999999999.999999999999999999"),
        ("0.0000000000000000005", "0"), ("0.0000000000000000015", "0.000000000000000002"),
        ("-0.0000000000000000025", "-0.000000000000000002"),
    ]) func parsesExactly(text: String, expected: String) throws {
        #expect(try Amount.parse(text).description == expected)
    }

    @Test(arguments: ["", "1,5", " 2", "2 ", "1e", "-", ".", "NaN", "Infinity", "1.2.3", "$1", "1e-", "0x10", "１"])
    func rejectsWhatIsNotANumber(text: String) { #expect(throws: AmountParseError.self) { try Amount.parse(text) } }

    @Test func rejectsValuesOutOfRange() {
        #expect(throws: AmountParseError.outOfRange) { try Amount.parse("123456789012345678901") }
        #expect(throws: AmountParseError.outOfRange) { try Amount.parse("1e21") }
    }

    @Test func reportsWhenDigitsWereRounded() throws {
        let exact = try Array("0.1".utf8).withUnsafeBytes { try Amount.parse($0) }
        #expect(!exact.inexact)
        let rounded = try Array("0.0000000072922557592391990000".utf8).withUnsafeBytes { try Amount.parse($0) }
        #expect(rounded.inexact)
        let trailingZeros = try Array("1.000000000000000000000000".utf8).withUnsafeBytes { try Amount.parse($0) }
        #expect(!trailingZeros.inexact)
    }

    @Test(arguments: [
        ("2.345", 2, RoundingRule.halfAwayFromZero, "2.35"), ("-2.345", 2, .halfAwayFromZero, "-2.35"),
        ("2.345", 2, .halfEven, "2.34"), ("2.355", 2, .halfEven, "2.36"), ("2.3449999", 2, .halfAwayFromZero, "2.34"),
        ("-0.004", 2, .halfAwayFromZero, "0"), ("1234.5", 0, .halfAwayFromZero, "1235"),
        ("7.0005", 3, .halfAwayFromZero, "7.001"),
    ]) func rounds(text: String, scale: Int, rule: RoundingRule, expected: String) throws {
        #expect(try Amount.parse(text).rounded(scale: scale, rule: rule).description == expected)
    }

    @Test(arguments: [
        ("1234567.891", 2, "1,234,567.89"), ("-1234.5", 2, "-1,234.50"), ("999.995", 2, "1,000.00"),
        ("0.001", 2, "0.00"), ("-0.001", 2, "0.00"), ("12", 0, "12"), ("1000000", 3, "1,000,000.000"),
    ]) func formatsWithGrouping(text: String, digits: Int, expected: String) throws {
        #expect(try Amount.parse(text).grouped(digits) == expected)
    }

    @Test func multipliesAndDividesExactly() throws {
        let quantity = try Amount.parse("0.0004")
        let price = try Amount.parse("0.1")
        #expect(quantity.multiplied(by: price)?.description == "0.00004")
        let big = try Amount.parse("12345678901.123456789")
        #expect(big.multiplied(by: try Amount.parse("1000"))?.description == "12345678901123.456789")
        #expect(try Amount.parse("1").divided(by: try Amount.parse("3"))?.description == "0.333333333333333333")
        #expect(try Amount.parse("2").divided(by: try Amount.parse("3"))?.description == "0.666666666666666667")
        #expect(try Amount.parse("1").divided(by: .zero) == nil)
        #expect(
            try Amount.parse("99999999999999999999").multiplied(by: try Amount.parse("99999999999999999999")) == nil
        )
    }

    /// Products that fit in 128 bits take one division, wider ones the 256-bit path; ties round
    /// half to even either way (by hand: 3 × 0.5 units is 1.5 → 2, 5 × 0.5 is 2.5 → 2, 7 × 0.5 is
    /// 3.5 → 4, and the same negated).
    @Test(arguments: [(3, 2), (1, 0), (5, 2), (7, 4), (-3, -2), (-5, -2), (-7, -4), (0, 0)]) func multipliesTiesToEven(
        units: Int,
        expected: Int
    ) throws {
        let half = try Amount.parse("0.5")
        #expect(Amount(units: Int128(units)).multiplied(by: half) == Amount(units: Int128(expected)))
        #expect(half.multiplied(by: Amount(units: Int128(units))) == Amount(units: Int128(expected)))
    }

    /// A second method: the 256-bit path gives the same product as the fast one for random
    /// operands of every size from 1 to 10²⁰ units, both signs, and the two agree on `nil`.
    @Test func fastProductsMatchTheWidePath() {
        var generator = SplitMix(seed: 11)
        for _ in 0..<50_000 {
            func operand() -> Int128 {
                let digits = Int(generator.next() % 38)
                let magnitude =
                    Int128(truncatingIfNeeded: generator.next() >> 1)
                    * Int128(truncatingIfNeeded: generator.next() >> 1)
                let value = magnitude % (Pow10.table[min(digits, 38)])
                return generator.next() & 1 == 0 ? value : -value
            }
            let a = Amount(units: operand())
            let b = Amount(units: operand())
            let (high, low) = a.units.multipliedFullWidth(by: b.units)
            #expect(a.multiplied(by: b) == Amount.wideProduct(high: high, low: low), "\(a.units) × \(b.units)")
        }
    }

    /// Ten thousand values summed exactly; the expected total was computed with Python's
    /// `decimal` module over the same generated strings.
    @Test func sumsWithoutDrift() throws {
        var total = Amount.zero
        for i in 0..<10_000 { total += try Amount.parse("0.\(String(repeating: "0", count: i % 7))\(i)1") }
        // python3 -c "from decimal import Decimal as D; print(sum(D('0.'+'0'*(i%7)+str(i)+'1') for i in range(10000)))"
        #expect(total.description == "872.81868924766")
    }
}

@Suite struct AmountPlainParseTests {
    /// A second method for the plain-number fast path: on random text rich in digits, points,
    /// signs and exponents, whatever it accepts must equal what the general parser gives, and it
    /// must accept the common forms.
    @Test func plainNumbersParseAsTheGeneralParserParsesThem() throws {
        var generator = SplitMix(seed: 2026)
        let alphabet = Array("0123456789000.-+eE x")
        var accepted = 0
        for _ in 0..<50_000 {
            let length = Int(generator.next() % 24)
            let text = String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
            let bytes = Array(text.utf8)
            let plain = bytes.withUnsafeBytes { Amount.parsePlain($0) }
            let general = bytes.withUnsafeBytes { buffer in
                Result { () throws(AmountParseError) -> Amount.Parsed in try Amount.parseAny(buffer) }
            }
            guard let plain else { continue }
            accepted += 1
            let expected = try general.get()
            #expect(plain.amount == expected.amount && plain.inexact == expected.inexact, "\(text)")
        }
        #expect(accepted > 1_000)
    }

    @Test(arguments: [
        ("0.0317071646076", "0.0317071646076"), ("-12.5", "-12.5"), ("+3", "3"), (".5", "0.5"), ("5.", "5"),
        ("1234567890123456789", "1234567890123456789"), ("0.123456789012345678", "0.123456789012345678"), ("-0", "0"),
    ]) func commonFormsTakeThePlainPath(text: String, expected: String) throws {
        let parsed = Array(text.utf8).withUnsafeBytes { Amount.parsePlain($0) }
        #expect(parsed?.amount.description == expected)
    }

    @Test(arguments: ["", "-", ".", "1.2.3", "1e5", "12345678901234567890", "0.1234567890123456789", "1,5", " 1"])
    func otherFormsAreLeftToTheGeneralParser(text: String) {
        #expect(Array(text.utf8).withUnsafeBytes { Amount.parsePlain($0) } == nil)
    }
}
