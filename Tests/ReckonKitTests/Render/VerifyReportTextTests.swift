import Testing

@testable import ReckonKit

/// What `reckon verify` says it checked: a report without the month folder says the inputs were
/// not checked and how to check them, whether the outputs matched or not.
@Suite struct VerifyReportTextTests {
    static let notChecked =
        "the inputs were not checked: reckon verify reports/2026-10 --month <month folder> also re-checks every file the close read, and finds the ones a close would read now"

    /// (inputs compared, a difference found, the lines printed)
    @Test(arguments: [
        (false, false, ["32 outputs checked: every output matches the manifest", notChecked]),
        (false, true, ["32 outputs checked: 1 difference(s)", notChecked]),
        (true, false, ["32 outputs and 14 inputs checked: everything matches the manifest"]),
        (true, true, ["32 outputs and 14 inputs checked: 1 difference(s)"]),
    ]) func theSummarySaysWhatWasChecked(comparedInputs: Bool, differs: Bool, lines: [String]) {
        var report = VerifyReport(
            changed: differs ? ["output index.html: SHA-256 …"] : [],
            missing: [],
            unlisted: [],
            inputsChecked: comparedInputs ? 14 : 0,
            outputsChecked: 32
        )
        report.comparedInputs = comparedInputs
        #expect(report.summary(pack: "reports/2026-10") == lines)
    }

    /// The report of ``PackManifest/verify(pack:month:manifestSHA256:)`` knows whether it was
    /// given the month folder.
    @Test func verifyRecordsWhetherTheInputsWereCompared() throws {
        let month = Fixtures.path("contoso-2026-10")
        let (pack, _) = try closeMonth(month)
        let packOnly = try PackManifest.verify(pack: pack, month: nil)
        #expect(packOnly.isIntact && !packOnly.comparedInputs)
        #expect(
            packOnly.summary(pack: pack).last?
                .hasPrefix("the inputs were not checked: reckon verify \(pack) --month <month folder>") == true
        )
        let withMonth = try PackManifest.verify(pack: pack, month: month)
        #expect(withMonth.isIntact && withMonth.comparedInputs)
        #expect(withMonth.summary(pack: pack).count == 1)
    }
}
