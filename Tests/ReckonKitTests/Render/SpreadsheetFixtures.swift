import Foundation

@testable import ReckonKit

/// The workbooks the spreadsheet tests write: money in USD, JPY and KWD (2, 0 and 3 minor-unit
/// digits), negative amounts, percentages, dates (one before Excel's first day), empty cells, a
/// total row, hostile text, sheet names Excel would refuse, and optionally a sheet of many rows.
enum SpreadsheetFixtures {
    static let usd = CurrencyCode("USD")
    static let jpy = CurrencyCode("JPY")
    static let kwd = CurrencyCode("KWD")

    /// 100,000 characters (150,000 UTF-8 bytes, 100,000 UTF-16 units): more than a cell holds.
    static let longText = String(repeating: "a€", count: 50_000)

    /// Text a spreadsheet must show as text and an XML file must survive.
    static let hostileTexts: [String] = [
        "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "+1+2", "-3", "@SUM(A1:A2)", "../../etc/passwd",
        "\u{0}\u{1B}", "nul\u{0}inside and U+FFFE \u{FFFE} and U+FFFF \u{FFFF}", "quote \" amp & apos ' lt < gt > ]]>",
        "line 1\nline 2\r\nline 3\rend", "\ttab first and last\t", "  spaces around  ", "💶 Ünïcödé שלום 日本語", "",
        longText,
    ]

    static func amount(_ text: String) -> Amount {
        do { return try Amount.parse(text) } catch { preconditionFailure("bad test amount \(text): \(error)") }
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> Day {
        guard let value = Day(year: year, month: month, day: day) else { preconditionFailure("bad test day") }
        return value
    }

    static let costColumns: [Column] = [
        Column("Day", width: 11, kind: .date), Column("Subscription", width: 28),
        Column("Cost (USD)", width: 16, kind: .number(.money(usd))),
        Column("Cost (JPY)", width: 16, kind: .number(.money(jpy))),
        Column("Cost (KWD)", width: 16, kind: .number(.money(kwd))),
        Column("Share", width: 8, kind: .number(.percent(fractionDigits: 1))),
        Column("Unit price", width: 22, kind: .number(.decimal)), Column("Lines", width: 8, kind: .integer),
    ]

    static var costRows: [Row] {
        [
            [
                .date(day(2026, 10, 1)), .text("Contoso Production"), .money(amount("1234.5"), usd),
                .money(amount("152000"), jpy), .money(amount("12.345"), kwd),
                .number(amount("0.125"), .percent(fractionDigits: 1)),
                .number(amount("0.000072922557592392"), .decimal), .integer(42),
            ],
            [
                .date(day(2026, 10, 2)), .text("Contoso Development"), .money(amount("-99.99"), usd),
                .money(amount("-1500"), jpy), .money(amount("-0.001"), kwd),
                .number(amount("-0.05"), .percent(fractionDigits: 1)), .number(amount("3.14"), .decimal), .integer(-7),
            ],
            [
                .date(day(1899, 12, 31)), .text("Before Excel's calendar"), .money(amount("0"), usd),
                .money(amount("0"), jpy), .money(amount("0"), kwd), .number(amount("1"), .percent(fractionDigits: 1)),
                .number(amount("-0.5"), .decimal), .integer(0),
            ],
            [
                .date(day(2026, 10, 31)), .text("Large"), .money(amount("12345678901234.56"), usd),
                .money(amount("99999999999999"), jpy), .money(amount("1000000.001"), kwd),
                .number(amount("0.3333"), .percent(fractionDigits: 1)),
                .number(amount("99999999999999999999.999999999999999999"), .decimal), .integer(Int.max),
            ],
            // Gaps: the SpreadsheetML writer must use ss:Index after an empty cell.
            [.date(day(2026, 10, 15)), .empty, .empty, .money(amount("1"), jpy), .empty, .empty, .empty, .integer(1)],
            [],
            .total([
                .text("Total"), .empty, .money(amount("12345678902369.07"), usd),
                .money(amount("100000000150500"), jpy), .money(amount("1000012.345"), kwd),
            ]),
        ]
    }

    /// Money, dates, totals and hostile text, with names Excel would refuse; no big sheet.
    static var smallWorkbook: Workbook {
        Workbook(sheets: [
            Sheet(name: "Costs", columns: costColumns, rows: costRows),
            Sheet(
                name: "Hostile",
                columns: [Column("Text", width: 40), Column("Index", width: 6, kind: .integer)],
                rows: hostileTexts.enumerated().map { [.text($0.element), .integer($0.offset)] }
            ), Sheet(name: "costs", columns: [Column("Duplicate name")], rows: [[.text("x")]]),
            Sheet(name: "Cost/Centres: [Oct]*?\\'", columns: [Column("Forbidden characters")], rows: [[.text("y")]]),
            Sheet(
                name: "'A very long sheet name, longer than Excel allows'",
                columns: [],
                rows: [[.text("no header")]]
            ), Sheet(name: "History", columns: [Column("Reserved name")], rows: []),
        ])
    }

    /// The names Excel will show for ``smallWorkbook``'s sheets.
    static let smallWorkbookNames = [
        "Costs", "Hostile", "costs (2)", "Cost_Centres_ _Oct____", "A very long sheet name, longer ", "History (2)",
    ]

    /// A sheet of `count` rows: an id and a money amount, negative and positive, in cents.
    static func bigSheet(rows count: Int) -> Sheet {
        Sheet(
            name: "Rows",
            columns: [
                Column("Id", width: 8, kind: .integer), Column("Cost (USD)", width: 14, kind: .number(.money(usd))),
            ],
            rows: (0..<count).map { index in [.integer(index + 1), .money(bigAmount(index), usd)] }
        )
    }

    static func bigAmount(_ index: Int) -> Amount { Amount(minorUnits: Int128(index * 7 - 3_000), scale: 2) }

    /// The sum of the money column of ``bigSheet(rows:)``'s rows in `range`.
    static func bigSum(_ range: Range<Int>) -> Amount { range.reduce(Amount.zero) { $0 + bigAmount($1) } }
}
