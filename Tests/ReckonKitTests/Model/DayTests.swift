import Testing

@testable import ReckonKit

@Suite struct DayTests {
    @Test(arguments: [
        ("09/21/2023", "2023-09-21"), ("9/2/2023", "2023-09-02"), ("5/1/25", "2025-05-01"),
        ("2024-01-01", "2024-01-01"), ("2024-01-01T00:00Z", "2024-01-01"), ("2024-01-01T00:00:00Z", "2024-01-01"),
        ("2024-09-01 00:00:00", "2024-09-01"), ("2019-10-30T00:00:00.0000000Z", "2019-10-30"),
        ("2019-07-07T00:00:00-07:00", "2019-07-07"), ("2019-07-07T20:00:00-07:00", "2019-07-08"),
        ("2019-07-07T02:00:00+03:00", "2019-07-06"), ("2024-02-29", "2024-02-29"), ("2000-02-29", "2000-02-29"),
        ("1970-01-01", "1970-01-01"),
    ]) func parsesTheFormsAzureWrites(text: String, expected: String) throws {
        let day = try #require(Day.parse(text))
        #expect(day.description == expected)
    }

    @Test(arguments: [
        "", "13/01/2023", "21/09/2023", "2023-02-29", "1900-02-29", "2023-9-1", "2023-09-01X", "09-21-2023",
        "2024-01-01T25:00Z", "tomorrow",
    ]) func rejectsWhatIsNotADay(text: String) { #expect(Day.parse(text) == nil) }

    @Test func roundTripsEveryDayOfFourHundredYears() throws {
        // Days since the epoch, computed independently by Python's datetime.date.toordinal() - 719163.
        #expect(Day(year: 2026, month: 10, day: 31)?.daysSinceEpoch == 20_757)
        #expect(Day(year: 1969, month: 12, day: 31)?.daysSinceEpoch == -1)
        var day = try #require(Day(year: 1900, month: 1, day: 1))
        let end = try #require(Day(year: 2300, month: 1, day: 1))
        var count = 0
        while day < end {
            let p = day.parts
            #expect(Day(year: p.year, month: p.month, day: p.day) == day)
            day = day.adding(days: 1)
            count += 1
        }
        #expect(count == 146_097)
    }
}

/// A month written `yyyy-MM` (as `--period`, `driver.period` and `reckon generate --month` take it)
/// reads back as its first day, and as nothing in any other form.
@Suite struct YearMonthTests {
    @Test(
        arguments: [
            ("2026-10", "2026-10-01"), ("2024-02", "2024-02-01"), ("2026-9", nil), ("2026-13", nil),
            ("2026-10-01", nil), ("26-10", nil), ("２０２６-10", nil), ("", nil),
        ] as [(String, String?)]
    ) func aMonthReadsAsItsFirstDay(text: String, first: String?) {
        let day = Day(yearMonth: text)
        #expect(day.map { "\($0)" } == first)
        if let day { #expect(day.yearMonth == text) }
    }
}
