import Foundation
import Testing

@testable import ReckonKit

/// `manifest.json` names every file a close reads, by a path `reckon verify` can find, and verify
/// re-checks each of them.
@Suite struct PackManifestTests {
    /// Where verify looks for an input: (path, relativeTo, expected location).
    @Test(arguments: [
        ("invoices.json", nil, "/m/invoices.json"),
        ("/elsewhere/map.csv", nil, "/elsewhere/map.csv"),
        ("../2026-09/chargeback.csv", PackManifest.Base.pack, "/packs/2026-10/../2026-09/chargeback.csv"),
        ("invoices.json", PackManifest.Base.month, "/m/invoices.json"),
        // A manifest written before relativeTo existed: `../` can only be beside the pack.
        ("../2026-09/chargeback.csv", nil, "/packs/2026-10/../2026-09/chargeback.csv"),
    ] as [(String, PackManifest.Base?, String)])
    func inputsAreLookedForRelativeToTheirBase(_ path: String, _ base: PackManifest.Base?, _ expected: String) {
        let entry = PackManifest.Entry(path: path, relativeTo: base, sha256: "", bytes: 0, rows: nil, role: nil)
        #expect(entry.location(month: "/m", pack: "/packs/2026-10") == expected)
    }
}
