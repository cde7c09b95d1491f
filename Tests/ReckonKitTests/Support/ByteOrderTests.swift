import Testing

@testable import ReckonKit

/// ``ByteOrder`` is the order every report is sorted in; ``CostCenterSpec/normalized(_:)`` is how
/// ids are compared. Expected values are written out by hand.
struct ByteOrderTests {
    @Test(arguments: [
        ("", "", 0), ("", "a", -1), ("a", "", 1), ("abc", "abd", -1), ("abc", "ab", 1),
        // by byte, capitals first
        ("B", "a", -1),
        // past the 15-byte inline form
        ("rg-checkout-app-prod-2026-westeurope", "rg-checkout-app-prod-2026-westeurope", 0),
        ("rg-checkout-app-prod-2026-westeurope", "rg-checkout-app-prod-2026-westeuropf", -1),
        // é composed (C3 A9) after é decomposed (65 CC 81), though String == calls them equal
        ("\u{E9}", "e\u{301}", 1),
        // ASCII before multi-byte
        ("z", "\u{E9}", -1),
    ]) func comparesBytes(_ a: String, _ b: String, _ expected: Int) {
        #expect(ByteOrder.compare(a, b) == expected)
        #expect(ByteOrder.compare(b, a) == -expected)
        #expect(ByteOrder.precedes(a, b) == (expected < 0))
        #expect(ByteOrder.same(a, b) == (expected == 0))
    }

    @Test(arguments: [
        ("", ""), ("cc-1014", "cc-1014"), ("CC-1014", "cc-1014"), (" cc-1014\t", "cc-1014"), ("  ", ""),
        ("Ärger", "ärger"), ("202f27be-1bbe-4611-8bb7-97a8a97fd5e4", "202f27be-1bbe-4611-8bb7-97a8a97fd5e4"),
    ]) func normalizesIds(_ id: String, _ expected: String) { #expect(CostCenterSpec.normalized(id) == expected) }
}
