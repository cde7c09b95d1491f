import Foundation
import Mustache

/// A journal template that cannot be found, read or parsed, or that uses a name the journal
/// does not have.
public struct JournalTemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template file (`templates/journal/<name>.csv.mustache` for a default, else the file read).
    public var template: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// What is wrong.
    public var problem: String

    /// The error as one line: the template, then the problem.
    public var description: String {
        var location = template
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(problem)"
    }
}

/// Renders a ``Journal`` through a Mustache template, so an ERP's upload layout (SAP, Oracle,
/// NetSuite) is a template, not code.
///
/// **Where templates come from.** A name (`generic`, `sap`, `netsuite`) is the template
/// `journal/<name>.csv` of the run's ``TemplateSet``: the file `templates/journal/<name>.csv.mustache`,
/// compiled into Reckon (so it works from any folder and from a clean clone with `swift run`), or the
/// file of the same path in the `--templates` folder, which takes its place. A value ending in
/// `.mustache` is a path to a template file.
///
/// **What a template sees.** Only pre-formatted strings, CSV-escaped already (text through
/// ``CSVText/text(_:)``, numbers with the currency's minor-unit digits), so a template never
/// formats money: top-level `companyCode`, `documentType`, `ledger`, `entries` (per currency, with
/// their `lines`) and `lines` (all lines of all entries). Each line has `journalId`, `period`,
/// `periodName`, `postingDate`, `postingDateCompact`, `postingDateUS`, `fiscalYear`,
/// `fiscalPeriod`, `currency`, `line`, `account`, `costCenter`, `costCenterName`, `debit`,
/// `credit` (empty on the other side), `debitOrZero`, `creditOrZero`, `amount` (debit positive,
/// credit negative), `absoluteAmount`, `side` (`D`/`C`), `sapPostingKey` (`40`/`50`), `memo`,
/// `sapLineText` (50 characters), `headerText`, `sapHeaderText` (25 characters), `companyCode`,
/// `documentType`, `ledger`. Templates should start with `{{% CONTENT_TYPE: TEXT}}` so nothing is
/// HTML-escaped. A name the journal does not have is an error (Mustache would print nothing).
public enum JournalTemplates {
    /// The template names shipped with Reckon.
    public static let shippedNames = ["generic", "netsuite", "sap"]

    /// Loads a template by name (from `set`, defaults and overrides) or by path.
    ///
    /// - Throws: ``JournalTemplateError`` when it is missing, unreadable, does not parse (with the
    ///   line and column) or uses an unknown name.
    public static func load(_ nameOrPath: String, from set: TemplateSet) throws(JournalTemplateError) -> JournalTemplate
    {
        let label: String
        let text: String
        if nameOrPath.hasSuffix(".mustache") {
            label = nameOrPath
            text = try read(path: nameOrPath, label: label)
        } else {
            guard !nameOrPath.contains("/") else {
                throw JournalTemplateError(
                    template: nameOrPath,
                    problem:
                        "a template is a name (\(shippedNames.joined(separator: ", "))) or a path ending in .mustache"
                )
            }
            guard let name = templateName(nameOrPath), let source = set.sources[name] else {
                throw JournalTemplateError(
                    template: nameOrPath,
                    problem:
                        "no journal template of that name; expected one of \(shippedNames.joined(separator: ", ")), journal/<name>.csv.mustache in --templates, or a .mustache file"
                )
            }
            label = source.file
            text = source.text
            set.log.record(name)
        }
        let template: MustacheTemplate
        do { template = try MustacheTemplate(string: text) } catch let error as MustacheTemplate.ParserError {
            throw JournalTemplateError(
                template: label,
                line: error.context.lineNumber,
                column: error.context.columnNumber,
                problem: "the template does not parse: \(describe(error.error)) (in \"\(error.context.line)\")"
            )
        } catch { throw JournalTemplateError(template: label, problem: "the template does not parse: \(error)") }
        try checkNames(text, label: label)
        return JournalTemplate(label: label, text: text, template: template)
    }

    /// The ``TemplateSet`` name a journal template setting uses (`generic` → `journal.generic.csv`),
    /// or `nil` for a path to a template file.
    public static func templateName(_ nameOrPath: String) -> String? {
        nameOrPath.hasSuffix(".mustache") || nameOrPath.contains("/") ? nil : "journal.\(nameOrPath).csv"
    }

    static func read(path: String, label: String) throws(JournalTemplateError) -> String {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JournalTemplateError(template: label, problem: "no such template file")
        }
        do { return String(decoding: try FileSystem.read(path), as: UTF8.self) } catch {
            throw JournalTemplateError(template: label, problem: "the template \(error.problem)")
        }
    }

    static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a different name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is not closed ({{/name}} missing)"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform is applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "an illegal tag inside an inheritance section"
        case .textInsideInheritSection: return "text inside an inheritance section"
        case .invalidConfigVariableSyntax: return "a {{% … }} pragma is malformed"
        case .unrecognisedConfigVariable: return "an unknown {{% … }} pragma (use {{% CONTENT_TYPE: TEXT}})"
        }
    }

    /// The names a template may use.
    static let knownNames: Set<String> = JournalTemplateModel.names.union(["."])

    /// Fails on a `{{name}}` the journal does not provide (Mustache would silently print nothing).
    static func checkNames(_ text: String, label: String) throws(JournalTemplateError) {
        if text.contains("{{=") { return }
        var lineNumber = 1
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            lineNumber += rest[rest.startIndex..<open.lowerBound].filter { $0 == "\n" }.count
            guard let close = rest[open.upperBound...].range(of: "}}") else { return }
            var name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            rest = rest[close.upperBound...]
            if let first = name.first, "!%>".contains(first) { continue }
            if let first = name.first, "#^/&{".contains(first) {
                name = String(name.dropFirst()).trimmingCharacters(in: .whitespaces)
            }
            if name.hasSuffix("}") { name = String(name.dropLast()) }
            let root = name.split(separator: ".").first.map(String.init) ?? name
            if !name.isEmpty && name != "." && !knownNames.contains(root) {
                throw JournalTemplateError(
                    template: label,
                    line: lineNumber,
                    problem:
                        "'\(name)' is not a journal field; a line has \(knownNames.subtracting([".", "entries", "lines"]).sorted().joined(separator: ", "))"
                )
            }
        }
    }
}

/// A loaded, checked journal template.
public struct JournalTemplate: Sendable {
    /// Where it came from, for messages (`templates/journal/sap.csv.mustache (shipped)`).
    public let label: String
    /// The template text.
    public let text: String
    let template: MustacheTemplate

    /// The journal in this template's layout.
    public func render(_ journal: Journal) -> String { template.render(JournalTemplateModel.context(journal)) }
}

/// What a journal template sees: strings only, already formatted and CSV-escaped, in
/// dictionaries. (Given structs, Mustache reflects one with `Mirror` for every name it looks up: a
/// 23-line journal took 20 ms, 729 lines at 10M rows most of a second.)
enum JournalTemplateModel {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The names a template can use, read off the model of a one-line journal.
    static let names: Set<String> = {
        guard let day = Day(year: 2026, month: 1, day: 1) else { return [] }
        let line = JournalLine(
            lineNumber: 1,
            account: "",
            costCenter: "",
            costCenterName: "",
            debit: .zero,
            credit: .zero,
            memo: ""
        )
        let entry = JournalEntry(
            id: "",
            period: AllocationPeriod(start: day, end: day),
            postingDate: day,
            currency: CurrencyCode("USD"),
            lines: [line]
        )
        let model = context(Journal(entries: [entry], companyCode: "", documentType: "", ledger: ""))
        var names = Set(model.keys)
        for key in ["entries", "lines"] {
            for item in model[key] as? [[String: Any]] ?? [] { names.formUnion(item.keys) }
        }
        return names
    }()

    /// The journal for a template: its settings, `entries` (each with its `lines`), and every
    /// entry's `lines` in one list.
    static func context(_ journal: Journal) -> [String: Any] {
        let companyCode = CSVText.text(journal.companyCode)
        let documentType = CSVText.text(journal.documentType)
        let ledger = CSVText.text(journal.ledger)
        var entries: [[String: Any]] = []
        var allLines: [[String: Any]] = []
        for entry in journal.entries {
            let digits = entry.currency.minorUnitDigits
            let date = entry.postingDate
            let (year, month, day) = date.parts
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            let periodStart = entry.period.start.parts
            let headerText = "Cloud chargeback \(entry.period.label)"
            // What every line of the entry repeats, made once per entry.
            let shared: [String: Any] = [
                "journalId": CSVText.text(entry.id), "period": CSVText.text(entry.period.label),
                "periodName": CSVText.text("\(monthNames[periodStart.month - 1]) \(periodStart.year)"),
                "postingDate": CSVText.text(date.description),
                "postingDateCompact": CSVText.number("\(year)\(two(month))\(two(day))"),
                "postingDateUS": CSVText.text("\(month)/\(day)/\(year)"),
                "fiscalYear": CSVText.number(String(periodStart.year)),
                "fiscalPeriod": CSVText.number(two(periodStart.month)), "currency": CSVText.text(entry.currency.code),
                "headerText": CSVText.text(headerText), "sapHeaderText": CSVText.text(String(headerText.prefix(25))),
                "companyCode": companyCode, "documentType": documentType, "ledger": ledger,
            ]
            var lines: [[String: Any]] = []
            for line in entry.lines {
                let isDebit = !line.debit.isZero
                let value = isDebit ? line.debit : line.credit
                let fixed = CSVText.number(value.fixed(digits))
                var fields = shared
                fields.merge([
                    "line": CSVText.number(String(line.lineNumber)), "account": CSVText.text(line.account),
                    "costCenter": CSVText.text(line.costCenter), "costCenterName": CSVText.text(line.costCenterName),
                    "debit": isDebit ? fixed : "", "credit": isDebit ? "" : fixed,
                    "debitOrZero": CSVText.number(line.debit.fixed(digits)),
                    "creditOrZero": CSVText.number(line.credit.fixed(digits)),
                    "amount": CSVText.number((isDebit ? value : -value).fixed(digits)), "absoluteAmount": fixed,
                    "side": isDebit ? "D" : "C", "sapPostingKey": isDebit ? "40" : "50",
                    "memo": CSVText.text(line.memo), "sapLineText": CSVText.text(String(line.memo.prefix(50))),
                ]) { _, line in line }
                lines.append(fields)
            }
            var fields: [String: Any] = [
                "totalDebit": CSVText.number(entry.totalDebit.fixed(digits)),
                "totalCredit": CSVText.number(entry.totalCredit.fixed(digits)),
                "lineCount": CSVText.number(String(entry.lines.count)), "lines": lines,
            ]
            for key in ["journalId", "period", "postingDate", "currency"] { fields[key] = shared[key] }
            entries.append(fields)
            allLines += lines
        }
        return [
            "companyCode": companyCode, "documentType": documentType, "ledger": ledger, "entries": entries,
            "lines": allLines,
        ]
    }
}

extension JournalTemplates {
    /// The configuration's journal template (``JournalSettings/template``). An unknown name or a
    /// file that cannot be read is reported at the line of the configuration that names it; an
    /// error inside the template keeps the template's own line and column.
    public static func load(_ settings: JournalSettings, from set: TemplateSet) throws -> JournalTemplate {
        let failure: JournalTemplateError
        do { return try load(settings.template, from: set) } catch { failure = error }
        guard failure.line == nil, let location = settings.templateLocation else { throw failure }
        throw location.error("journal template '\(settings.template)': \(failure.problem)")
    }
}
