import CLibXML2
import Foundation

/// The few process-wide facts about libxml2, in one place.
enum LibXML2 {
    /// `xmlInitParser` must run once before libxml2 is used from more than one thread; Swift runs
    /// this initialiser exactly once, on first use.
    private static let ready: Bool = {
        xmlInitParser()
        return true
    }()

    /// Initialises libxml2 (once per process; later calls do nothing).
    static func initialize() { _ = ready }

    /// Runs `body` with libxml2's error reports on this thread sent to a handler that drops them.
    ///
    /// libxml2 prints the errors that no parser catches (an `fwrite` that fails with "No space left
    /// on device", a writer call out of order) to stderr. Reckon reports those failures itself,
    /// from return codes and `errno`, so the library must stay quiet. libxml2 keeps this handler
    /// per thread; it is set back to libxml2's default when `body` returns, and `body` must not
    /// suspend (Reckon's XML code is synchronous).
    static func quietly<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        initialize()
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(nil, nil) }
        return try body()
    }

    /// The text of the current `errno`, for messages about files.
    static func systemError() -> String { String(cString: strerror(errno)) }
}
