extension String {
    /// The longest prefix of whole characters that fits in `limit` UTF-16 code units, the unit in
    /// which Excel counts the length of names and cell text.
    func prefix(utf16Units limit: Int) -> String {
        guard utf16.count > limit else { return self }
        var kept = 0
        var end = startIndex
        for index in indices {
            let width = self[index].utf16.count
            if kept + width > limit { break }
            kept += width
            end = self.index(after: index)
        }
        return String(self[..<end])
    }
}
