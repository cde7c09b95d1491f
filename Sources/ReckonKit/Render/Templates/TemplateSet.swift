import Foundation
import Mustache

/// A template that could not be used: which one, where in it, and why.
public struct TemplateError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The template's name (`html/index`).
    public var template: String
    /// The file it came from (an override path, or `templates/<name>.mustache` for a default).
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// What is wrong.
    public var problem: String

    /// The error as one line: the template, then the problem.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): template \(template): \(problem)"
    }
}

/// The report templates of a run: the defaults shipped with Reckon, with any file in the user's
/// `--templates` folder taking the place of the default of the same name.
///
/// A template's name is its path under the templates folder without `.mustache`, with `/` written
/// as `.` (Mustache does not allow `/` in section names): `templates/html/index.mustache` is
/// `html.index`, and a page extends `{{< html.layout}}`. Templates are
/// swift-mustache (chosen for having no dependencies, escaping HTML by default, partials and
/// inheritance, and errors with line and column; measured 5× faster than Stencil). They receive
/// already-formatted strings, never raw amounts or dates.
public struct TemplateSet: Sendable {
    /// Where a template came from.
    public struct Source: Sendable {
        /// The template text.
        public var text: String
        /// The file: the override's path, or `templates/<name>.mustache` for a default.
        public var file: String
        /// The path under the templates folder (`journal/generic.csv.mustache`), the same for a
        /// default and its override.
        public var path: String
        /// Whether it is the user's override.
        public var isOverride: Bool
    }

    /// Every template by name.
    public let sources: [String: Source]
    let library: MustacheLibrary
    /// The templates this set has rendered or handed out, so the manifest lists what was used
    /// (shared by copies of the set, and by the threads that render with it).
    public let log = RenderLog()

    /// Names of templates used, recorded as they are used; thread-safe.
    public final class RenderLog: @unchecked Sendable {
        let lock = NSLock()
        var names: Set<String> = []

        /// Records that template `name` was used.
        public func record(_ name: String) { lock.withLock { _ = names.insert(name) } }

        /// The names recorded, sorted.
        public var used: [String] { lock.withLock { names.sorted() } }
    }

    /// Loads the defaults and the overrides in `folder` (if given).
    ///
    /// - Throws: ``TemplateError`` naming the template, line and column for a template that does
    ///   not parse; an override folder that does not exist is an error too.
    public static func load(overrides folder: String?) throws(TemplateError) -> TemplateSet {
        var sources: [String: Source] = [:]
        for (path, text) in DefaultTemplates.files {
            sources[TemplateSet.name(ofPath: path)] = Source(
                text: text,
                file: "templates/\(path).mustache",
                path: path + ".mustache",
                isOverride: false
            )
        }
        if let folder {
            guard FileSystem.isDirectory(folder) else {
                throw TemplateError(template: "-", file: folder, problem: "the --templates folder does not exist")
            }
            for relative in FileSystem.filesRecursively(in: folder) where relative.hasSuffix(".mustache") {
                let name = TemplateSet.name(ofPath: String(relative.dropLast(".mustache".count)))
                let path = folder + "/" + relative
                let bytes: [UInt8]
                do { bytes = try FileSystem.read(path) } catch {
                    throw TemplateError(template: name, file: path, problem: error.problem)
                }
                sources[name] = Source(
                    text: String(decoding: bytes, as: UTF8.self),
                    file: path,
                    path: relative,
                    isOverride: true
                )
            }
        }
        var library = MustacheLibrary()
        for name in sources.keys.sorted() {
            guard let source = sources[name] else { continue }
            do { library.register(try MustacheTemplate(string: source.text), named: name) } catch let error
                as MustacheTemplate.ParserError
            {
                throw TemplateError(
                    template: name,
                    file: source.file,
                    line: error.context.lineNumber,
                    column: error.context.columnNumber,
                    problem: "\(error.error) near '\(error.context.line.trimmingASCIIWhitespace())'"
                )
            } catch { throw TemplateError(template: name, file: source.file, problem: "\(error)") }
        }
        return TemplateSet(sources: sources, library: library)
    }

    /// The template name for a path under the templates folder (without `.mustache`).
    static func name(ofPath path: String) -> String { path.replacing("/", with: ".") }

    /// The templates rendering `roots` uses: the roots, and every template they reach through a
    /// partial (`{{> name}}`) or a parent (`{{< name}}`), sorted by name.
    ///
    /// Names are read from the tags as written with the default `{{ }}` delimiters; a name no
    /// template has is left out (Mustache renders nothing for it).
    public func used(from roots: [String]) -> [String] {
        var found: Set<String> = []
        var pending = roots
        while let name = pending.popLast() {
            guard let source = sources[name], found.insert(name).inserted else { continue }
            pending += TemplateSet.references(in: source.text)
        }
        return found.sorted()
    }

    /// The names of the partials and parents a template's text refers to, in order.
    static func references(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...].drop { $0 == " " || $0 == "\t" }
            guard let sigil = rest.first, sigil == ">" || sigil == "<" else { continue }
            let tag = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
            let name = tag.prefix { $0 != "}" && $0 != " " && $0 != "\t" }
            if !name.isEmpty { names.append(String(name)) }
            rest = tag[name.endIndex...]
        }
        return names
    }

    /// Renders template `name` with `context` (dictionaries, arrays and strings).
    /// - Throws: ``TemplateError`` when there is no such template.
    public func render(_ name: String, _ context: [String: Any]) throws(TemplateError) -> String {
        log.record(name)
        guard let output = library.render(context, withTemplate: name) else {
            throw TemplateError(
                template: name,
                file: "templates/\(name.replacing(".", with: "/")).mustache",
                problem: "no such template"
            )
        }
        return output
    }

    /// The row template `name`, compiled for streaming (see ``RowTemplate``).
    public func rowTemplate(_ name: String) throws(TemplateError) -> RowTemplate {
        log.record(name)
        guard let source = sources[name] else {
            throw TemplateError(
                template: name,
                file: "templates/\(name.replacing(".", with: "/")).mustache",
                problem: "no such template"
            )
        }
        return try RowTemplate(name: name, file: source.file, text: source.text)
    }
}
