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
    static func initialize() {
        _ = ready
    }

    /// The text of the current `errno`, for messages about files.
    static func systemError() -> String {
        String(cString: strerror(errno))
    }
}
