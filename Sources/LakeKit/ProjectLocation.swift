import Foundation
import LakeProject

/// Where a project is on disk, and the paths inside it that every command agrees on.
public struct ProjectLocation: Sendable {
    /// Absolute, standardized.
    public let directory: String
    /// Which profiles.yml and target a dbt project runs with (`--profiles-dir`, `--target`).
    public var profile = ProfileSelection()

    public init(directory: String) {
        let url = URL(fileURLWithPath: directory, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        self.directory = url.standardizedFileURL.path
    }

    /// `relative` resolved inside the project (absolute paths are kept).
    public func path(_ relative: String) -> String {
        relative.hasPrefix("/") ? relative : (directory as NSString).appendingPathComponent(relative)
    }

    public var defaultWarehousePath: String { path(Warehouse.defaultRelativePath) }
}
