/// The version of Reckon, written into every close pack's manifest.
public enum ReckonVersion {
    /// The semantic version of this build.
    public static let current = "0.1.0"
}
