import Foundation

/// dbt's rule for secrets: environment variables named `DBT_ENV_SECRET_…` may configure a
/// connection, but their values never appear in what lake writes (artifacts, pages, compiled SQL).
public enum SecretScrubbing {
    public static let prefix = "DBT_ENV_SECRET_"
    /// What a secret's value is replaced by, as dbt prints it.
    public static let mask = "*****"

    /// `text` with every secret's value masked.
    public static func scrub(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        var scrubbed = text
        for (name, value) in environment where name.hasPrefix(prefix) && !value.isEmpty {
            scrubbed = scrubbed.replacingOccurrences(of: value, with: mask)
        }
        return scrubbed
    }
}
