/// Makes any Swift string safe to write as XML 1.0 character data.
///
/// XML 1.0 allows tab, line feed, carriage return and every scalar from U+0020 up, except U+FFFE
/// and U+FFFF (surrogates cannot occur in a Swift string). A file holding any other character is
/// not well-formed: Excel, LibreOffice and every XML parser refuse it. Cloud data is untrusted (a
/// tag value can hold `\u{1B}` or `\u{0}`), so every text and attribute value Reckon writes as XML
/// passes through ``sanitize(_:)`` first.
///
/// Escaping `&`, `<`, `>` and `"` is not done here: libxml2's writer does it.
public enum XMLText {
    /// The replacement for a character XML 1.0 forbids: U+FFFD, so a reader can see that
    /// something was there.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// `text` with every character that XML 1.0 forbids, and every bidirectional override or
    /// isolate (``UntrustedText/isBidiControl(_:)``, which would show a name in another order than
    /// it has), replaced by U+FFFD. The HTML pages pass through it too.
    ///
    /// Text that is already allowed (nearly all of it) is returned as is after one scan of its
    /// UTF-8 bytes.
    public static func sanitize(_ text: String) -> String {
        if isAllowed(text) && !UntrustedText.mayHoldBidiControl(text) { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isAllowed(scalar) && !UntrustedText.isBidiControl(scalar) ? scalar : replacement)
        }
        return String(scalars)
    }

    /// Whether every character of `text` may appear in an XML 1.0 document.
    public static func isAllowed(_ text: String) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable(isAllowed) { return answer }
        return text.unicodeScalars.allSatisfy(isAllowed)
    }

    /// Whether `scalar` may appear in an XML 1.0 document.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D: return true
        case 0..<0x20: return false
        case 0xFFFE, 0xFFFF: return false
        default: return true
        }
    }

    /// The byte scan behind ``isAllowed(_:)-(String)``: C0 controls other than tab, LF and CR are
    /// single bytes below 0x20; U+FFFE and U+FFFF are `EF BF BE` and `EF BF BF`.
    private static func isAllowed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x20 {
                if byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
            } else if byte == 0xEF, index + 2 < count, bytes[index + 1] == 0xBF,
                bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF
            {
                return false
            }
            index += 1
        }
        return true
    }
}
