import CReckonFiles
import Foundation

extension FileSystem {
    /// How an exchange of two paths went.
    enum Exchange: Equatable {
        /// The two changed places in one step.
        case exchanged
        /// The file system or the system cannot exchange (`EINVAL`, `ENOSYS`; every platform but
        /// Linux): nothing was done, and the caller renames instead.
        case unsupported
        /// It could have, but this exchange failed (a path missing, no permission): the cause.
        case failed(String)
    }

    /// Exchanges the files or folders at `first` and `second` atomically (Linux `renameat2(2)`
    /// with `RENAME_EXCHANGE`): both must exist, and at no moment is either path empty, so a
    /// folder replaced this way is never missing, even when the process is killed.
    static func exchange(_ first: String, _ second: String) -> Exchange {
        let result = reckon_exchange(first, second)
        if result == 0 { return .exchanged }
        if result == -EINVAL || result == -ENOSYS { return .unsupported }
        return .failed(String(cString: strerror(-result)))
    }
}
