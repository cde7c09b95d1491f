import Testing

@testable import ReckonKit

@Suite struct SafeFileNameTests {
    @Test(arguments: [
        ("Platform Engineering", "Platform-Engineering.html"), ("../../etc/passwd", "etc-passwd.html"),
        ("..", "unnamed.html"), ("<script>alert(1)</script>", "script-alert-1-script.html"),
        ("=HYPERLINK(\"http://x\")", "HYPERLINK-http-x.html"), ("Müller & Söhne / R&D", "M-ller-S-hne-R-D.html"),
        ("tab\tnew\nline\u{0}nul", "tab-new-line-nul.html"), ("C:\\Windows\\system32", "C-Windows-system32.html"),
        // Windows' device names, in any case: a pack unzipped there could not hold them.
        ("con", "con-file.html"), ("AUX", "AUX-file.html"), ("com1", "com1-file.html"), ("Lpt9", "Lpt9-file.html"),
        ("nul.", "nul-file.html"), ("com0", "com0-file.html"), ("com10", "com10.html"), ("console", "console.html"),
    ]) func namesAreSafe(text: String, expected: String) {
        var names = SafeFileName()
        #expect(names.make(text, suffix: ".html") == expected)
    }

    @Test func namesAreUniqueAndShort() {
        var names = SafeFileName()
        #expect(names.make("Team A", suffix: ".html") == "Team-A.html")
        #expect(names.make("team a", suffix: ".html") == "team-a-2.html")
        #expect(names.make("Team/A", suffix: ".html") == "Team-A-3.html")
        let long = names.make(String(repeating: "x", count: 10_000), suffix: ".html")
        #expect(long.count == 85)
    }
}
