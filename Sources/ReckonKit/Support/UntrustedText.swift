/// Characters of cloud data that no report shows as they are.
public enum UntrustedText {
    /// Whether `scalar` is a bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069).
    ///
    /// Allowed in XML, HTML and CSV, but in a name from the cloud one makes text show in another
    /// order than it has: `contoso-\u{202E}ved-ytilibavresbo` reads as "contoso-observability-dev"
    /// on a statement. The terminal shows them escaped; the files write U+FFFD in their place, as
    /// for the control characters they cannot hold.
    public static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
    }

    /// Whether `text` may hold one (its UTF-8 has the lead byte 0xE2 they all start with): a byte
    /// scan that passes nearly all text before any scalar is decoded.
    static func mayHoldBidiControl(_ text: String) -> Bool {
        text.utf8.contains(0xE2) && text.unicodeScalars.contains(where: isBidiControl)
    }
}
