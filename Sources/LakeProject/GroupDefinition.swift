import LakeTemplates

/// A group from a schema file's `groups:` (model governance), as dbt's `graph.groups` holds it.
public struct GroupDefinition: Sendable {
    public let name: String
    /// The package whose schema file defines it (nil while reading the root project's).
    public let package: String?
    public let file: String
    /// `owner:` as written (a name and/or an email); dbt fills in the one left out with null.
    public let owner: JSONValue

    /// Its entry in `graph.groups`, keyed by `group.<package>.<name>`.
    public func templateValue(package root: String) -> (String, Value) {
        let package = self.package ?? root
        let id = "group.\(package).\(name)"
        return (id, .dict([("name", .string(name)), ("resource_type", .string("group")), ("package_name", .string(package)),
                           ("path", .string(file)), ("original_file_path", .string(file)), ("unique_id", .string(id)),
                           ("owner", Self.filledOwner(owner).templateValue)]))
    }

    /// dbt's owner of a group or an exposure: `email` and `name` always (null where not given),
    /// then whatever else was written.
    static func filledOwner(_ given: JSONValue?) -> JSONValue {
        var owner: [(String, JSONValue)] = [("email", .null), ("name", .null)]
        if case .object(let pairs)? = given {
            for (key, value) in pairs { if let index = owner.firstIndex(where: { $0.0 == key }) { owner[index].1 = value } else { owner.append((key, value)) } }
        }
        return .object(owner)
    }
}
