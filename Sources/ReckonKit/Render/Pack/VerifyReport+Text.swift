extension VerifyReport {
    /// The summary `reckon verify` prints after the differences: what was checked and whether it
    /// matched, and, when the inputs were not compared (no month folder given), a line that says
    /// so and how to compare them, so a report of the outputs alone never reads as a check of the
    /// whole close.
    /// - Parameter pack: the pack as the user named it, for the command to run.
    /// - Returns: one or two lines, without line ends.
    public func summary(pack: String) -> [String] {
        let differences = changed.count + missing.count + unlisted.count
        guard comparedInputs else {
            return [
                "\(outputsChecked) outputs checked: "
                    + (isIntact ? "every output matches the manifest" : "\(differences) difference(s)"),
                "the inputs were not checked: reckon verify \(pack) --month <month folder> also re-checks every file the close read, and finds the ones a close would read now",
            ]
        }
        return [
            "\(outputsChecked) outputs and \(inputsChecked) inputs checked: "
                + (isIntact ? "everything matches the manifest" : "\(differences) difference(s)")
        ]
    }
}
