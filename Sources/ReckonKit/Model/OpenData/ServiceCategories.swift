import Foundation

/// The FinOps toolkit's service table (`Resources/open-data/Services.csv`, MIT): which
/// `ServiceCategory` (Compute, Storage, Networking, Databases, …) a consumed service and resource
/// type belong to. Proportional allocation by compute, storage or network cost reads it.
public struct ServiceCategories: Sendable {
    /// (consumed service, resource type), both lower-cased → category.
    let byServiceAndType: [String: String]
    /// Resource type → category, for rows with a type but no consumed service.
    let byType: [String: String]
    /// Consumed service → its most common category (ties: alphabetical).
    let byService: [String: String]
    /// Every category name, sorted.
    public let categoryNames: [String]

    /// The table shipped with Reckon.
    public static let shipped: ServiceCategories = {
        guard let url = Bundle.module.url(forResource: "open-data/Services", withExtension: "csv"),
            let data = try? Data(contentsOf: url)
        else { preconditionFailure("the Services.csv resource is missing from the ReckonKit bundle") }
        return ServiceCategories(csv: [UInt8](data))
    }()

    /// Builds the table from the CSV text (`ConsumedService,ResourceType,ServiceName,ServiceCategory,…`).
    public init(csv: [UInt8]) {
        let reader = CSVReader(source: MemoryByteSource(csv))
        var header: [String] = []
        var pairs: [String: String] = [:]
        var types: [String: String] = [:]
        var counts: [String: [String: Int]] = [:]
        var names: Set<String> = []
        while (try? reader.next()) == true {
            let fields = (0..<reader.fieldCount).map { reader.string($0) }
            if header.isEmpty {
                header = fields.map { $0.lowercased() }
                continue
            }
            guard let serviceIndex = header.firstIndex(of: "consumedservice"),
                let typeIndex = header.firstIndex(of: "resourcetype"),
                let categoryIndex = header.firstIndex(of: "servicecategory"), fields.count == header.count
            else { continue }
            let service = fields[serviceIndex].lowercased()
            let type = fields[typeIndex].lowercased()
            let category = fields[categoryIndex]
            if category.isEmpty { continue }
            names.insert(category)
            if pairs[service + "|" + type] == nil { pairs[service + "|" + type] = category }
            if !type.isEmpty && types[type] == nil { types[type] = category }
            if !service.isEmpty { counts[service, default: [:]][category, default: 0] += 1 }
        }
        var services: [String: String] = [:]
        for (service, categories) in counts {
            services[service] =
                categories.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.first?.key
        }
        byServiceAndType = pairs
        byType = types
        byService = services
        categoryNames = names.sorted()
    }

    /// The category of a charge: by consumed service and resource type, then the resource type
    /// alone, then the consumed service's most common category; `""` when nothing is known
    /// (Marketplace rows, rounding adjustments).
    public func category(consumedService: String, resourceType: String) -> String {
        let service = consumedService.lowercased()
        let type = resourceType.lowercased()
        if let found = byServiceAndType[service + "|" + type], !type.isEmpty { return found }
        if let found = byType[type], !type.isEmpty { return found }
        if let found = byService[service] { return found }
        return ""
    }
}
