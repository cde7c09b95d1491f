extension Builder {
    /// Compares the effective price charged per meter with the price sheet, per single unit.
    ///
    /// Both sides quote prices per block of their unit of measure (`100 Hours`, `10K`), so each is
    /// divided by its block size (``PricingUnits``) first. The price-sheet entry used is the meter's
    /// in the same currency with the lowest tier. A meter charged more than the sheet's price by more
    /// than the configured relative tolerance is a finding, with the overcharge on the units used.
    mutating func checkPrices() {
        guard !input.priceSheet.isEmpty else { return }
        var sheet: [String: PriceSheetEntry] = [:]
        // The currencies each meter is priced in, to tell a sheet in another currency from a meter
        // the sheet does not list.
        var pricedIn: [String: Set<String>] = [:]
        for entry in input.priceSheet { pricedIn[entry.meterId, default: []].insert(entry.currency.code) }
        // Meters of the cost rows priced only in other currencies, by "cost currency|sheet currencies".
        var otherCurrency: [String: Set<String>] = [:]
        for entry in input.priceSheet where entry.priceType == nil || entry.priceType?.lowercased() == "consumption" {
            let key = entry.meterId + "|" + entry.currency.code
            if let existing = sheet[key], (existing.tierMinimumUnits ?? .zero) <= (entry.tierMinimumUnits ?? .zero) {
                continue
            }
            sheet[key] = entry
        }
        var findings: [PriceSheetFinding] = []
        for (key, usage) in input.rollup.meterPrices {
            let meterId = text(key.meterId)
            let currency = CurrencyCode(text(key.currency)).code
            guard let entry = sheet[meterId + "|" + currency] else {
                if let others = pricedIn[meterId], !others.contains(currency) {
                    otherCurrency[currency + "|" + others.sorted().joined(separator: ", "), default: []].insert(meterId)
                }
                continue
            }
            let costUnit = text(key.unitOfMeasure)
            guard let costBlock = input.pricingUnits.lookup(costUnit)?.blockSize,
                let sheetBlock = input.pricingUnits.lookup(entry.unitOfMeasure)?.blockSize,
                let charged = key.effectivePrice.divided(by: costBlock),
                let listed = entry.unitPrice.divided(by: sheetBlock)
            else { continue }
            let allowed = listed.multiplied(by: config.priceSheetRelative) ?? .zero
            guard charged > listed + allowed else { continue }
            let units = usage.quantity.multiplied(by: costBlock) ?? usage.quantity
            let overcharge = (charged - listed).multiplied(by: units) ?? .zero
            findings.append(
                PriceSheetFinding(
                    meterId: meterId,
                    meterName: text(key.meterName),
                    currency: currency,
                    costUnit: costUnit,
                    sheetUnit: entry.unitOfMeasure,
                    chargedPerUnit: charged,
                    sheetPerUnit: listed,
                    units: units,
                    overcharge: overcharge,
                    rows: usage.rows
                )
            )
        }
        for (label, meters) in otherCurrency.sorted(by: { $0.key < $1.key }) {
            let parts = label.split(separator: "|", omittingEmptySubsequences: false)
            notes.append(
                "price sheet: \(meters.count) meter(s) of the \(parts[0]) cost rows are priced in the price sheet only in \(parts.count > 1 ? parts[1] : ""), not in \(parts[0]); they are not checked against it (prices in another currency are not the same money)"
            )
        }
        priceFindings = findings.sorted { ($0.meterId, $0.chargedPerUnit) < ($1.meterId, $1.chargedPerUnit) }
    }
}
