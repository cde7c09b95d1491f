import Foundation

@testable import ReckonKit

/// Locates the saved Azure example files under `<package root>/fixtures/realdata/azure-rest-api-specs/`.
enum BillingFixtures {
    /// The package root: this file is `Tests/ReckonKitTests/Billing/BillingFixtures.swift`.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folder of saved Azure REST API examples.
    static let specsFolder: URL = packageRoot.appendingPathComponent("fixtures/realdata/azure-rest-api-specs")

    /// The subfolders whose every file the tests read.
    static let folders = ["billing-2020-05-01", "billing-2024-04-01", "consumption-2024-08-01"]

    /// The bytes of a fixture, by its path below `azure-rest-api-specs/`.
    static func bytes(_ relativePath: String) throws -> [UInt8] {
        let url = specsFolder.appendingPathComponent(relativePath)
        return Array(try Data(contentsOf: url))
    }

    /// The `.json` files of a subfolder, sorted by name.
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: specsFolder.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".json") }.sorted()
    }

    /// The response body of an example file, re-rendered as JSON on its own, as the live API returns it.
    static func bodyBytes(_ relativePath: String) throws -> [UInt8] {
        let body = try BillingDocumentReader.body(of: bytes(relativePath), file: relativePath)
        return Array(body.value.description.utf8)
    }
}
