/// Excel's rules for worksheet names, applied deterministically.
///
/// A name has 1 to 31 characters (counted in UTF-16 code units, as Excel counts), none of
/// `[ ] : * ? / \` or a control character, does not start or end with `'`, is not `History`
/// (reserved by Excel), and differs from every other name in the workbook ignoring case.
enum SheetName {
    /// Excel's limit, in UTF-16 code units.
    static let maximumLength = 31

    /// The name used when nothing is left of the requested one.
    static let fallback = "Sheet"

    /// `name` made valid on its own: forbidden characters become `_`, surrounding apostrophes
    /// are removed (before and after the cut), and the name is cut to 31 code units.
    static func sanitize(_ name: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            switch scalar {
            case "[", "]", ":", "*", "?", "/", "\\": scalars.append("_")
            default: scalars.append(XMLText.isAllowed(scalar) && scalar.value >= 0x20 ? scalar : "_")
            }
        }
        var result = trimApostrophes(trimApostrophes(String(scalars)).prefix(utf16Units: maximumLength))
        if result.isEmpty { result = fallback }
        return result
    }

    /// `base (number)`, with `base` cut so the whole stays within 31 code units.
    static func numbered(_ base: String, _ number: Int) -> String {
        let suffix = " (\(number))"
        let kept = trimApostrophes(base.prefix(utf16Units: maximumLength - suffix.utf16.count))
        return (kept.isEmpty ? fallback : kept) + suffix
    }

    /// Valid, unique names for sheets requested as `(name, part)`, in order: part 1 keeps the
    /// sanitised name, part *n* of a split sheet is `name (n)`, and a name already taken (ignoring
    /// case) gets the first free ` (2)`, ` (3)`, ….
    static func unique(_ requested: [(name: String, part: Int)]) -> [String] {
        var taken: Set<String> = ["history"]
        var result: [String] = []
        for (name, part) in requested {
            let base = sanitize(name)
            var candidate = part <= 1 ? base : numbered(base, part)
            var number = 2
            while taken.contains(candidate.lowercased()) {
                candidate = numbered(part <= 1 ? base : numbered(base, part), number)
                number += 1
            }
            taken.insert(candidate.lowercased())
            result.append(candidate)
        }
        return result
    }

    /// `name` quoted for a formula or a defined name: `'Costs (2)'`, with `'` doubled.
    static func quoted(_ name: String) -> String {
        var result = "'"
        for character in name {
            result.append(character)
            if character == "'" { result.append("'") }
        }
        return result + "'"
    }

    private static func trimApostrophes(_ text: String) -> String {
        var text = Substring(text)
        while text.first == "'" { text = text.dropFirst() }
        while text.last == "'" { text = text.dropLast() }
        return String(text)
    }
}
