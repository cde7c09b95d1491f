import Testing

@testable import ReckonKit

@Suite struct TimestampTests {
    /// The forms seen in Azure JSON, with the day as written, the UTC day, and the normalised text.
    @Test(arguments: [
        ("2019-10-30T00:00:00.0000000Z", "2019-10-30", "2019-10-30", "2019-10-30T00:00:00Z"),
        ("2018-01-16T17:32:28Z", "2018-01-16", "2018-01-16", "2018-01-16T17:32:28Z"),
        ("2019-07-07T00:00:00-07:00", "2019-07-07", "2019-07-07", "2019-07-07T00:00:00-07:00"),
        ("2019-07-07T20:00:00-07:00", "2019-07-07", "2019-07-08", "2019-07-07T20:00:00-07:00"),
        ("2019-07-07T01:00:00+0530", "2019-07-07", "2019-07-06", "2019-07-07T01:00:00+05:30"),
        ("2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01"),
        ("2024-01-01T00:00Z", "2024-01-01", "2024-01-01", "2024-01-01T00:00:00Z"),
        ("2023-05-11T05:12:50.4266333Z", "2023-05-11", "2023-05-11", "2023-05-11T05:12:50.4266333Z"),
        ("2024-02-29 23:59:59", "2024-02-29", "2024-02-29", "2024-02-29T23:59:59"),
        (" 2024-03-01T12:00:00.123456789012z ", "2024-03-01", "2024-03-01", "2024-03-01T12:00:00.123456789Z"),
        ("1969-12-31T23:00:00-02:00", "1969-12-31", "1970-01-01", "1969-12-31T23:00:00-02:00"),
    ]) func parsesAzureForms(text: String, day: String, utcDay: String, normalised: String) throws {
        let timestamp = try #require(try Timestamp.parse(text))
        #expect(timestamp.day.description == day)
        #expect(timestamp.utcDay.description == utcDay)
        #expect(timestamp.description == normalised)
    }

    @Test func keepsTimeAndOffset() throws {
        let timestamp = try #require(try Timestamp.parse("2019-07-07T08:09:10.5-07:00"))
        #expect(timestamp.time == Timestamp.TimeOfDay(hour: 8, minute: 9, second: 10, nanosecond: 500_000_000))
        #expect(timestamp.utcOffsetMinutes == -420)
        // 2019-07-07T15:09:10Z; python3 -c "import datetime;print(int(datetime.datetime(2019,7,7,15,9,10,tzinfo=datetime.timezone.utc).timestamp()))"
        #expect(timestamp.secondsSinceEpoch == 1_562_512_150)
        #expect(try Timestamp.parse("2024-01-01")?.time == nil)
        #expect(try Timestamp.parse("2024-01-01T00:00:00")?.utcOffsetMinutes == nil)
    }

    @Test(arguments: ["0001-01-01T00:00:00", "0001-01-01", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000"])
    func notSetSentinelIsNil(text: String) throws { #expect(try Timestamp.parse(text) == nil) }

    @Test(arguments: [
        ("", "the text is empty"), ("2024", "expected '-' after the year"),
        ("24-01-01", "expected 4 digits for the year"), ("2024-1-01", "expected 2 digits for the month"),
        ("2024-13-01", "month 13 is out of range"), ("2023-02-29", "day 29 does not exist in 2023-02"),
        ("2024-01-01X00:00", "expected 'T' between the date and the time"),
        ("2024-01-01T24:00:00", "the time 24:00:00 is out of range"), ("2024-01-01T10", "expected ':' after the hour"),
        ("2024-01-01T10:00:00.", "expected digits after the decimal point of the seconds"),
        ("2024-01-01T10:00:00+5", "expected 2 digits for the hours of the UTC offset"),
        (
            "2024-01-01T10:00:00 UTC",
            "unexpected text after the time; expected 'Z', an offset such as -07:00, or nothing"
        ), ("2024-01-01T10:00:00Zx", "unexpected text after the UTC offset"),
        ("01/31/2024", "expected 4 digits for the year"),
    ]) func rejectsOtherForms(text: String, reason: String) {
        #expect(throws: TimestampParseError(text: text, reason: reason)) { try Timestamp.parse(text) }
    }
}
