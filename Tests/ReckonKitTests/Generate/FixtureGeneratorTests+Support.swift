import Foundation

@testable import ReckonKit

/// A generated month folder in a fresh temporary directory, removed when released.
final class GeneratedFixtureFolder {
    let root: URL
    let summary: GenerationSummary

    init(options: FixtureGenerator.Options) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("reckon-fixture-\(UUID().uuidString)")
        summary = try FixtureGenerator.generate(options: options, to: root)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Every regular file, as paths relative to the root, sorted.
    func files() throws -> [String] { try Self.files(under: root) }

    /// FNV-1a 64 of every file's bytes, by relative path.
    func fileHashes() throws -> [String: UInt64] { try Self.fileHashes(under: root) }

    static func files(under root: URL) throws -> [String] {
        let prefix = root.standardizedFileURL.path + "/"
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        var paths: [String] = []
        for case let file as URL in walker
        where (try file.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            paths.append(String(file.standardizedFileURL.path.dropFirst(prefix.count)))
        }
        return paths.sorted()
    }

    static func fileHashes(under root: URL) throws -> [String: UInt64] {
        var hashes: [String: UInt64] = [:]
        for path in try files(under: root) {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for byte in try Data(contentsOf: root.appendingPathComponent(path)) {
                hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            }
            hashes[path] = hash
        }
        return hashes
    }
}

/// A minimal RFC 4180 reader for the tests (independent of the generator's writer).
enum FixtureCSVTestReader {
    struct Table {
        var header: [String]
        var rows: [[String]]
    }

    struct Malformed: Error {}

    static func parse(_ data: Data) throws -> Table {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && field.isEmpty {
                quoted = true
            } else if byte == UInt8(ascii: ",") {
                record.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if byte == 10 {
                record.append(String(decoding: field, as: UTF8.self))
                records.append(record)
                record = []
                field = []
            } else if byte != 13 {
                field.append(byte)
            }
            index += 1
        }
        if quoted { throw Malformed() }
        if !field.isEmpty || !record.isEmpty {
            record.append(String(decoding: field, as: UTF8.self))
            records.append(record)
        }
        guard let header = records.first else { throw Malformed() }
        return Table(header: header, rows: Array(records.dropFirst()))
    }
}

/// Reads amounts from the generator's JSON as text, so values never pass through `Double`.
enum FixtureJSONTextScan {
    /// The `value` of every `"<key>": { "currency": ..., "value": N }` object, in order.
    static func amounts(of key: String, in text: String) throws -> [Amount] {
        var result: [Amount] = []
        var rest = Substring(text)
        while let start = rest.range(of: "\"\(key)\": {") {
            rest = rest[start.upperBound...]
            guard let value = rest.range(of: "\"value\": ") else { break }
            let number = rest[value.upperBound...].prefix { !$0.isNewline && $0 != "," && $0 != "}" }
            result.append(try Amount.parse(String(number)))
        }
        return result
    }

    /// The file of the next page, from `nextLink` (`...$skipToken=pageN` → `<invoice>.pageN.json`).
    static func nextPage(in text: String, invoice: String) -> String? {
        guard let link = text.range(of: "$skipToken=page") else { return nil }
        let number = text[link.upperBound...].prefix { $0.isNumber }
        return "transactions/\(invoice).page\(number).json"
    }

    /// The part of invoices.json that belongs to one invoice (from its `type` to the next invoice's).
    static func invoiceSection(_ name: String, in text: String) -> String? {
        text.components(separatedBy: "\"type\": \"Microsoft.Billing/billingAccounts/invoices\"").dropFirst()
            .first { $0.contains("/invoices/\(name)\"") }
    }
}
