/// A problem writing a report file: which file, and what went wrong.
///
/// The description names the output file first, then the cause and, where one exists, what to do
/// about it (free disk space, shorten a sheet, check the folder's permissions).
public struct RenderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The output file being written.
    public var file: String
    /// What went wrong and what would fix it.
    public var problem: String

    /// Creates an error about `file`.
    public init(file: String, problem: String) {
        self.file = file
        self.problem = problem
    }

    /// The error as one line for the user.
    public var description: String { "\(file): \(problem)" }
}
