/// Variables visible at one point of a render; lookups walk outwards through the parents.
final class Scope {
    var variables: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope?) { self.parent = parent }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.variables[name] { return value }
            scope = current.parent
        }
        return nil
    }

    /// Every visible name, for "did you mean" hints.
    var visibleNames: [String] {
        var names = Set<String>()
        var scope: Scope? = self
        while let current = scope { names.formUnion(current.variables.keys); scope = current.parent }
        return Array(names)
    }
}
