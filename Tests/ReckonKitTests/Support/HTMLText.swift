import Foundation

/// Reads rendered pages back as text for assertions: table rows as lists of cell texts, cards as
/// label, value and sub-line. Tags are dropped, entities decoded and white space collapsed.
enum HTMLText {
    /// Every `<tr>` of the page, in order, as its cells' texts.
    static func rows(_ html: String) -> [[String]] {
        matches(#"<tr[^>]*>(.*?)</tr>"#, in: html)
            .map { row in matches(#"<t[dh][^>]*>(.*?)</t[dh]>"#, in: row).map(text) }
    }

    /// The rows whose first cell is `first`.
    static func rows(_ html: String, startingWith first: String) -> [[String]] {
        rows(html).filter { $0.first == first }
    }

    /// Every card (`<div class="card">`) as `[label, value, sub]`.
    static func cards(_ html: String) -> [[String]] {
        matches(#"<div class="card(?: [a-z]+)?">(.*?)</div></div>"#, in: html)
            .map { card in matches(#"<div class="[a-z]+(?: [a-z]+)?">(.*?)</div>"#, in: card + "</div>").map(text) }
    }

    /// The page as plain text, without its style sheet.
    static func text(_ html: String) -> String {
        let withoutTags =
            html.replacingOccurrences(of: "(?s)<style>.*?</style>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
        return withoutTags.replacingOccurrences(of: "&#160;", with: " ").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
            .trimmingCharacters(in: .whitespaces)
    }

    /// The first capture group of every match, across lines.
    static func matches(_ pattern: String, in text: String) -> [String] {
        guard let expression = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else {
            return []
        }
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range)
            .compactMap { match in Range(match.range(at: 1), in: text).map { String(text[$0]) } }
    }
}
