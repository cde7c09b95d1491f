import Testing

@testable import ReckonKit

@Suite struct CellTests {
    @Test(arguments: [
        (NumberFormat.money(CurrencyCode("USD")), "#,##0.00"), (.money(CurrencyCode("EUR")), "#,##0.00"),
        (.money(CurrencyCode("JPY")), "#,##0"), (.money(CurrencyCode("KWD")), "#,##0.000"),
        (.money(CurrencyCode("CLF")), "#,##0.0000"), (.money(CurrencyCode.unknown), "#,##0.00"),
        (.percent(fractionDigits: 0), "0%"), (.percent(fractionDigits: 1), "0.0%"),
        (.percent(fractionDigits: -3), "0%"), (.decimal, "General"),
    ]) func numberFormatsFollowTheCurrency(format: NumberFormat, code: String) { #expect(format.code == code) }

    @Test func excelsFirstDayIsTheFirstOfMarch1900() {
        #expect(Cell.firstExcelDay == Day(year: 1900, month: 3, day: 1))
        #expect(Cell.date(Cell.firstExcelDay).formatKey == .date)
        #expect(Cell.date(Cell.firstExcelDay.adding(days: -1)).formatKey == .text)
        #expect(XLSXWriter.excelDayOfUnixEpoch + Int(Cell.firstExcelDay.daysSinceEpoch) == 61)
    }

    @Test func cellTextIsCutToExcelsLimitVisibly() {
        let short = String(repeating: "€", count: 32_767)
        #expect(Cell.cellText(short) == short)
        let long = String(repeating: "😀", count: 20_000)  // 40,000 UTF-16 units
        let cut = Cell.cellText(long)
        #expect(cut.utf16.count <= Cell.maximumTextLength)
        #expect(cut.hasSuffix("… [cut: 20000 characters in all]"))
        #expect(cut.hasPrefix("😀😀"))
    }
}
