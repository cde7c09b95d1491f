import Foundation

/// The kinds of Azure resources the fictional company runs; each meter belongs to one.
enum FixtureResourceKind: Int, CaseIterable {
    case virtualMachine, disk, storage, sqlDatabase, appService, logAnalytics, keyVault, publicIP
    case loadBalancer, kubernetes, backup, cosmos, functions, bandwidth, marketplace

    /// The ARM provider and type, and a name prefix, for resources of this kind.
    var armType: (provider: String, prefix: String) {
        switch self {
        case .virtualMachine, .marketplace: ("Microsoft.Compute/virtualMachines", "vm")
        case .disk: ("Microsoft.Compute/disks", "disk")
        case .storage, .bandwidth: ("Microsoft.Storage/storageAccounts", "st")
        case .sqlDatabase: ("Microsoft.Sql/servers", "sql")
        case .appService: ("Microsoft.Web/serverFarms", "asp")
        case .logAnalytics: ("microsoft.operationalinsights/workspaces", "log")
        case .keyVault: ("Microsoft.KeyVault/vaults", "kv")
        case .publicIP: ("Microsoft.Network/publicIPAddresses", "pip")
        case .loadBalancer: ("Microsoft.Network/loadBalancers", "lb")
        case .kubernetes: ("Microsoft.ContainerService/managedClusters", "aks")
        case .backup: ("Microsoft.RecoveryServices/vaults", "rsv")
        case .cosmos: ("Microsoft.DocumentDB/databaseAccounts", "cosmos")
        case .functions: ("Microsoft.Web/sites", "func")
        }
    }
}

/// How a meter's daily quantity is drawn.
enum FixtureQuantityModel {
    /// Hours of runtime: usually 24, sometimes a fraction with 6 decimals.
    case hours
    /// A monthly unit (`1/Month`): the quantity is 1/days printed to 8 decimals and the cost is
    /// price/days at full precision, as in real exports, so they agree only to about 1e-8.
    case monthly
    /// One unit a day (`1/Day`).
    case daily
    /// Stored gibibytes spread over the month: capacity/days to 8 decimals.
    case storedGB(ClosedRange<Int>)
    /// Transferred or ingested gigabytes with 6 decimals, drawn in millionths.
    case transferGB(ClosedRange<Int>)
    /// Operations counted in blocks of `block`: the quantity is operations/block.
    case operations(ClosedRange<Int>, block: Int)
}

/// A meter before it is placed in a region and priced for a billing profile.
struct FixtureMeterTemplate {
    var kind: FixtureResourceKind
    var serviceFamily: String
    var category: String
    var subCategory: String
    var name: String
    /// The product name; `{r}` is replaced by the region's display name.
    var product: String
    var consumedService: String
    var unit: String
    /// The price sheet's unit of measure and how many cost units it holds (`100 Hours` = 100).
    var priceSheetUnit: String
    var priceSheetBlock: Int
    /// List price per cost unit in US East, in millionths of a dollar.
    var listMicros: Int
    var quantity: FixtureQuantityModel
    /// Meters with no region (bandwidth zones, Marketplace) exist once, not per region.
    var regional = true
    var serviceType = ""
    var vcpus = 0
    var windows = false
    var publisher: (name: String, id: String, order: String)? = nil
}

/// An Azure region as cost data names it.
struct FixtureRegion {
    var arm: String
    var display: String
    /// Regional price factor in thousandths (1000 = US East).
    var factor: Int
}

/// The catalog of meter templates, ordered so that the first ones give a small fixture variety.
enum FixtureMeterCatalog {
    static let regions: [FixtureRegion] = [
        FixtureRegion(arm: "eastus", display: "US East", factor: 1000),
        FixtureRegion(arm: "uksouth", display: "UK South", factor: 1080),
        FixtureRegion(arm: "westeurope", display: "EU West", factor: 1060),
        FixtureRegion(arm: "westus2", display: "US West 2", factor: 1000),
        FixtureRegion(arm: "northeurope", display: "EU North", factor: 1040),
        FixtureRegion(arm: "ukwest", display: "UK West", factor: 1110),
        FixtureRegion(arm: "centralus", display: "US Central", factor: 1020),
        FixtureRegion(arm: "eastus2", display: "US East 2", factor: 1000),
        FixtureRegion(arm: "germanywestcentral", display: "DE West Central", factor: 1090),
        FixtureRegion(arm: "swedencentral", display: "SE Central", factor: 1050),
        FixtureRegion(arm: "southeastasia", display: "AP Southeast", factor: 1120),
        FixtureRegion(arm: "australiaeast", display: "AU East", factor: 1150),
    ]

    /// Virtual machine series: sub-category, meter name pattern (`#` = vCPUs), price per vCPU-hour
    /// in millionths, sizes.
    private static let vmSeries: [(String, String, Int, [Int])] = [
        ("Dsv5 Series", "D#s v5", 48_000, [4, 2, 8, 16, 32, 48, 64, 96]),
        ("Esv5 Series", "E#s v5", 63_000, [4, 8, 2, 16, 20, 32, 48, 64, 96]),
        ("BS Series", "B#ms", 41_600, [2, 4, 1, 8, 12, 16, 20]),
        ("Dasv5 Series", "D#as v5", 43_000, [2, 4, 8, 16, 32, 48, 64, 96]),
        ("Fsv2 Series", "F#s v2", 42_300, [2, 4, 8, 16, 32, 48, 64, 72]),
        ("Dv3/DSv3 Series", "D# v3/D#s v3", 48_000, [2, 4, 8, 16, 32, 48, 64]),
        ("Lsv3 Series", "L#s v3", 78_000, [8, 16, 32, 48, 64, 80]),
        ("NCasT4_v3 Series", "NC#as T4 v3", 131_500, [4, 8, 16, 64]),
        ("Ddsv5 Series", "D#ds v5", 56_500, [2, 4, 8, 16, 32, 48, 64, 96]),
        ("Easv5 Series", "E#as v5", 56_700, [2, 4, 8, 16, 32, 48, 64, 96]),
    ]

    /// All templates: a varied head first, then every VM size.
    static let templates: [FixtureMeterTemplate] = {
        let head = variedTemplates
        var vms: [FixtureMeterTemplate] = []
        let longest = vmSeries.map { $0.3.count }.max() ?? 0
        for sizeRank in 0..<longest {
            for (subCategory, pattern, perCPU, sizes) in vmSeries where sizeRank < sizes.count {
                let cpus = sizes[sizeRank]
                let name = pattern.replacingOccurrences(of: "#", with: String(cpus))
                let series = String(subCategory.prefix { $0 != " " })
                for windows in [false, true] {
                    vms.append(
                        FixtureMeterTemplate(
                            kind: .virtualMachine,
                            serviceFamily: "Compute",
                            category: "Virtual Machines",
                            subCategory: windows ? subCategory + " Windows" : subCategory,
                            name: name,
                            product: "Virtual Machines \(series) Series\(windows ? " Windows" : "") - \(name) - {r}",
                            consumedService: "Microsoft.Compute",
                            unit: "1 Hour",
                            priceSheetUnit: "100 Hours",
                            priceSheetBlock: 100,
                            listMicros: perCPU * cpus * (windows ? 184 : 100) / 100,
                            quantity: .hours,
                            serviceType: "Standard_"
                                + name.replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "/", with: "_"),
                            vcpus: cpus,
                            windows: windows
                        )
                    )
                }
            }
        }
        // Interleave: two VM sizes after every varied template, so small catalogs mix both.
        var result: [FixtureMeterTemplate] = []
        var vmIndex = 0
        for template in head {
            result.append(template)
            for _ in 0..<2 where vmIndex < vms.count {
                result.append(vms[vmIndex])
                vmIndex += 1
            }
        }
        result.append(contentsOf: vms[vmIndex...])
        return result
    }()
}

extension FixtureMeterTemplate {
    func withPublisher(_ name: String, _ id: String, _ order: String) -> FixtureMeterTemplate {
        var copy = self
        copy.publisher = (name, id, order)
        return copy
    }
}
