import Foundation

/// What a unit of measure means: its block size and the unit counted.
///
/// Azure prices and quantities are per **block** of the unit of measure: `100 Hours` is a block of
/// 100 hours, `10K` of 10,000 units. A price per single unit is the price divided by the block size.
public struct PricingUnit: Hashable, Sendable {
    /// How many units one block holds (1, 10, 100, 10,000, …).
    public var blockSize: Amount
    /// The unit counted (`Hours`, `GB/Month`, `Units`), FOCUS's `PricingUnit`.
    public var distinctUnits: String
}

/// The FinOps toolkit's table of the 382 unit-of-measure strings Azure writes, shipped with Reckon
/// (`Resources/open-data/PricingUnits.csv`, MIT).
public struct PricingUnits: Sendable {
    let table: [String: PricingUnit]

    /// The table shipped with Reckon.
    public static let shipped: PricingUnits = {
        guard let url = Bundle.module.url(forResource: "open-data/PricingUnits", withExtension: "csv"),
            let data = try? Data(contentsOf: url)
        else { preconditionFailure("the PricingUnits.csv resource is missing from the ReckonKit bundle") }
        return PricingUnits(csv: [UInt8](data))
    }()

    /// Builds the table from the CSV text (`UnitOfMeasure,AccountTypes,PricingBlockSize,DistinctUnits`).
    public init(csv: [UInt8]) {
        var table: [String: PricingUnit] = [:]
        let reader = CSVReader(source: MemoryByteSource(csv))
        var header: [String] = []
        while (try? reader.next()) == true {
            let fields = (0..<reader.fieldCount).map { reader.string($0) }
            if header.isEmpty {
                header = fields.map { $0.lowercased() }
                continue
            }
            guard let unitIndex = header.firstIndex(of: "unitofmeasure"),
                let blockIndex = header.firstIndex(of: "pricingblocksize"),
                let distinctIndex = header.firstIndex(of: "distinctunits"), fields.count == header.count,
                let block = try? Amount.parse(fields[blockIndex])
            else { continue }
            table[fields[unitIndex]] = PricingUnit(blockSize: block, distinctUnits: fields[distinctIndex])
        }
        self.table = table
    }

    /// The number of unit strings known.
    public var count: Int { table.count }

    /// What `unitOfMeasure` means: an exact match first, then the text with spaces tidied, then a
    /// leading number (`"100 Hours"`, `"10K"`, `"1M"`) read directly. `nil` when nothing fits.
    public func lookup(_ unitOfMeasure: String) -> PricingUnit? {
        if let exact = table[unitOfMeasure] { return exact }
        let tidy = unitOfMeasure.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if let found = table[tidy] { return found }
        return PricingUnits.parse(tidy)
    }

    /// Reads a leading block size from the text: digits with an optional K (thousand) or M (million)
    /// suffix, then the unit.
    static func parse(_ text: String) -> PricingUnit? {
        var digits = ""
        var rest = Substring(text)
        while let first = rest.first, first.isASCII, first.isNumber {
            digits.append(first)
            rest = rest.dropFirst()
        }
        guard !digits.isEmpty, var block = try? Amount.parse(digits) else { return nil }
        if let suffix = rest.first, suffix == "K" || suffix == "M" {
            let next = rest.dropFirst().first
            if next == nil || next == " " || next == "/" {
                block = block.multiplied(by: Amount(suffix == "K" ? 1000 : 1_000_000)) ?? block
                rest = rest.dropFirst()
            }
        }
        let unit = rest.trimmingASCIIWhitespace()
        return PricingUnit(blockSize: block, distinctUnits: unit.isEmpty ? "Units" : unit)
    }
}
