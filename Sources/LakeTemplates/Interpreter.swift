import TextSupport

/// A call a rendered template makes itself, not from inside a macro: what dbt records as a node's
/// macro dependencies (`depends_on.macros`). A host function is named; the host knows which of
/// its functions stand for a macro of dbt's.
public enum TopLevelCall {
    case macro(MacroDefinition)
    case function(String)
}

/// Executes a parsed template: walks the nodes, evaluates expressions, writes the output.
///
/// Undefined names and attributes are errors where they are written (Jinja's StrictUndefined), except
/// where a template asks about them: `is defined`, `is undefined`, `| default`.
public final class Interpreter {
    let environment: TemplateEnvironment
    /// The file being executed; it changes while a macro from another file runs.
    private(set) var source: TemplateSource
    private var scope: Scope
    /// The render's top scope: template-level `set`s, seen by macros too.
    private let rootScope: Scope
    private var output = ""
    private var macroDepth = 0
    /// The packages an unqualified macro name is searched in, in order.
    private let searchOrder: [String]
    /// Told of each call the rendered template makes itself, not from inside a macro.
    var onTopLevelCall: ((TopLevelCall) -> Void)?
    /// The macro depth whose calls `onTopLevelCall` hears: 0 for a template's, 1 for the calls of
    /// a macro called on its own (`TemplateEnvironment.call`), the macro itself not included.
    var topLevelDepth = 0

    /// How a node ended: normally, or by `break` / `continue` out of the innermost loop.
    enum Flow { case normal, breakLoop, continueLoop }

    /// `return(value)` in a macro: unwinds to the macro call, which yields `value`.
    struct MacroReturn: Error { let value: Value }

    /// Macros replaced for this render, by package then name (a dbt unit test's `overrides:
    /// macros: pkg.name`): found in that package's namespace and by unqualified lookups searching it.
    private let overrides: [String: [String: Value]]

    init(environment: TemplateEnvironment, source: TemplateSource, context: [String: Value], searchOrder: [String],
         overrides: [String: [String: Value]] = [:]) {
        self.environment = environment
        self.source = source
        self.searchOrder = searchOrder
        self.overrides = overrides
        let contextScope = Scope(parent: nil)
        contextScope.variables = context
        rootScope = Scope(parent: contextScope)
        scope = rootScope
    }

    func render(_ nodes: [Node]) throws -> String {
        do {
            _ = try execute(nodes)
        } catch is MacroReturn {
            // dbt allows `return()` at the top of a model: rendering stops there.
        }
        return output
    }

    // MARK: - Nodes

    private func execute(_ nodes: [Node]) throws -> Flow {
        for node in nodes {
            let flow = try execute(node)
            if flow != .normal { return flow }
        }
        return .normal
    }

    private func execute(_ node: Node) throws -> Flow {
        switch node {
        case .text(let text):
            output += text
        case .output(let expression):
            let value = try evaluate(expression)
            output += try located(expression.offset) { try value.rendered() }
        case .ifChain(let branches, let otherwise):
            for (condition, body) in branches where try truth(condition) {
                return try execute(body)
            }
            if let otherwise { return try execute(otherwise) }
        case .forLoop(let targets, let iterable, let filter, let body, let otherwise, let offset):
            return try executeFor(targets: targets, iterable: iterable, filter: filter, body: body, otherwise: otherwise, offset: offset)
        case .set(let targets, let expression, let offset):
            let value = try evaluate(expression)
            try located(offset) { try assign(value, to: targets, in: scope) }
        case .setAttribute(let objectName, let attribute, let expression, let offset):
            try assign(try evaluate(expression), toAttribute: attribute, of: objectName, offset: offset)
        case .setBlock(let target, let filters, let body, let offset):
            var value = Value.string(try capture(body))
            for filter in filters { value = try applyFilter(filter, to: value) }
            switch target {
            case .name(let name): scope.variables[name] = value
            case .attribute(let objectName, let attribute): try assign(value, toAttribute: attribute, of: objectName, offset: offset)
            }
        case .macro(let definition):
            scope.variables[definition.name] = .function(Self.macroFunction(definition))
        case .callBlock(let call, let parameters, let body):
            guard case .call(let calleeExpression, let arguments) = call.kind else { return .normal }
            let caller = callerFunction(parameters: parameters, body: body)
            let callee = try evaluate(calleeExpression)
            var evaluated = try evaluateArguments(arguments, callee: calleeExpression)
            evaluated.keyword.append(("caller", .function(caller)))
            output += try located(call.offset) { try invoke(callee, evaluated).rendered() }
        case .filterBlock(let filters, let body):
            var value = Value.string(try capture(body))
            for filter in filters { value = try applyFilter(filter, to: value) }
            output += try value.rendered()
        case .doStatement(let expression):
            _ = try evaluate(expression)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    private func executeFor(targets: [String], iterable: Expression, filter: Expression?, body: [Node],
                            otherwise: [Node]?, offset: Int) throws -> Flow {
        let sequence = try evaluate(iterable)
        var items = try located(iterable.offset) { try sequence.iterate() }
        let outer = scope
        defer { scope = outer }
        if let filter {
            items = try items.filter { item in
                scope = Scope(parent: outer)
                try located(offset) { try assign(item, to: targets, in: scope) }
                return try truth(filter)
            }
        }
        if items.isEmpty {
            scope = outer
            return try otherwise.map(execute) ?? .normal
        }
        let loop = LoopContext(items: items)
        for (index, item) in items.enumerated() {
            loop.index0 = index
            let iteration = Scope(parent: outer)
            try located(offset) { try assign(item, to: targets, in: iteration) }
            iteration.variables["loop"] = .object(loop)
            scope = iteration
            if try execute(body) == .breakLoop { break }
        }
        return .normal
    }

    /// `set a = v` or `set a, b = pair` (and the same for `for` targets).
    private func assign(_ value: Value, to targets: [String], in scope: Scope) throws {
        if targets.count == 1 {
            scope.variables[targets[0]] = value
            return
        }
        let items = try value.iterate()
        guard items.count == targets.count else {
            throw TemplateFailure("cannot unpack \(items.count) values into \(targets.count) names")
        }
        for (name, item) in zip(targets, items) { scope.variables[name] = item }
    }

    /// `set ns.attribute = v` (or its block form): only a namespace() takes attributes.
    private func assign(_ value: Value, toAttribute attribute: String, of objectName: String, offset: Int) throws {
        guard case .object(let object)? = scope.lookup(objectName), let namespace = object as? Namespace else {
            throw TemplateError("cannot assign attribute '\(attribute)' on '\(objectName)': only a namespace() takes attributes", at: offset, in: source)
        }
        namespace.values[attribute] = value
    }

    /// Runs `nodes` and returns what they wrote, instead of writing it.
    private func capture(_ nodes: [Node]) throws -> String {
        let saved = output
        output = ""
        defer { output = saved }
        _ = try execute(nodes)
        return output
    }

    // MARK: - Macros

    /// A macro as a callable value.
    static func macroFunction(_ definition: MacroDefinition) -> Function {
        Function(name: definition.name, macro: definition) { arguments, interpreter in
            try interpreter.callMacro(definition, arguments, caller: nil, at: definition.offset)
        }
    }

    /// Binds the arguments Jinja's way: positionals in order, then keywords; extras go to `varargs`
    /// and `kwargs`; a parameter given nothing is undefined (an error only if the body uses it).
    func callMacro(_ definition: MacroDefinition, _ arguments: CallArguments, caller: Function?, at offset: Int) throws -> Value {
        guard macroDepth < 200 else { throw TemplateFailure("macro '\(definition.name)' recursed more than 200 levels deep") }
        if macroDepth == topLevelDepth { onTopLevelCall?(.macro(definition)) }
        let saved = (scope, source, output)
        macroDepth += 1
        defer { (scope, source, output) = saved; macroDepth -= 1 }
        let local = Scope(parent: rootScope)
        scope = local
        source = definition.source
        output = ""

        var keywords = arguments.keyword
        for (index, parameter) in definition.parameters.enumerated() {
            if index < arguments.positional.count {
                if keywords.contains(where: { $0.name == parameter.name }) {
                    throw TemplateFailure("macro '\(definition.name)' got multiple values for argument '\(parameter.name)'")
                }
                local.variables[parameter.name] = arguments.positional[index]
            } else if let given = keywords.firstIndex(where: { $0.name == parameter.name }) {
                local.variables[parameter.name] = keywords.remove(at: given).value
            } else if let defaultValue = parameter.defaultValue {
                local.variables[parameter.name] = try evaluate(defaultValue)
            } else {
                local.variables[parameter.name] = .undefined("macro '\(definition.name)' was called without its argument '\(parameter.name)'")
            }
        }
        if let callerIndex = keywords.firstIndex(where: { $0.name == "caller" }) {
            local.variables["caller"] = keywords.remove(at: callerIndex).value
        } else if let caller {
            local.variables["caller"] = .function(caller)
        }
        local.variables["varargs"] = .list(Array(arguments.positional.dropFirst(definition.parameters.count)), isTuple: true)
        local.variables["kwargs"] = .dict(keywords.map { ($0.name, $0.value) })

        do {
            _ = try execute(definition.body)
        } catch let returned as MacroReturn {
            return returned.value
        }
        return .string(output)
    }

    /// The `caller()` of a `{% call %}` block: renders the block's body where the block was written.
    private func callerFunction(parameters: [Parameter], body: [Node]) -> Function {
        let definingScope = scope
        let definingSource = source
        return Function(name: "caller") { arguments, interpreter in
            let saved = (interpreter.scope, interpreter.source)
            defer { (interpreter.scope, interpreter.source) = saved }
            let local = Scope(parent: definingScope)
            interpreter.scope = local
            interpreter.source = definingSource
            for (index, parameter) in parameters.enumerated() {
                if let value = arguments.value(index, parameter.name) {
                    local.variables[parameter.name] = value
                } else if let defaultValue = parameter.defaultValue {
                    local.variables[parameter.name] = try interpreter.evaluate(defaultValue)
                }
            }
            return .string(try interpreter.capture(body))
        }
    }

    // MARK: - Expressions

    /// Evaluates `expression`; `strict` makes an undefined result an error at the expression.
    func evaluate(_ expression: Expression, strict: Bool = true) throws -> Value {
        let value = try located(expression.offset) { try evaluateKind(expression, strict: strict) }
        if strict, case .undefined(let description) = value {
            // dbt's (Jinja's default) undefined is an empty string that is false; packages rely on it.
            if source.lenientUndefined { return .string("") }
            throw TemplateError(description, at: expression.offset, in: source)
        }
        return value
    }

    private func truth(_ expression: Expression) throws -> Bool {
        let value = try evaluate(expression)
        return try located(expression.offset) { try value.isTruthy() }
    }

    private func evaluateKind(_ expression: Expression, strict: Bool) throws -> Value {
        switch expression.kind {
        case .literal(let literal):
            switch literal {
            case .none: return .none
            case .bool(let flag): return .bool(flag)
            case .int(let number): return .int(number)
            case .double(let number): return .double(number)
            case .string(let text): return .string(text)
            }
        case .name(let name):
            return lookup(name)
        case .list(let items):
            return .list(try items.map { try evaluate($0) })
        case .tuple(let items):
            return .list(try items.map { try evaluate($0) }, isTuple: true)
        case .dict(let pairs):
            let box = DictBox()
            for (key, value) in pairs { box[try evaluate(key)] = try evaluate(value) }
            return .dict(box)
        case .attribute(let base, let name):
            let object = try evaluate(base, strict: strict)
            if case .undefined = object { return object }
            if case .object(let object) = object, let package = object as? PackageNamespace {
                return try package.attribute(name) ?? .undefined("package '\(package.package)' has no macro named '\(name)'"
                    + EditDistance.hint(name, among: package.macroNames))
            }
            return try Members.attribute(name, of: object) ?? .undefined("\(Members.describe(object)) has no attribute '\(name)'")
        case .item(let base, let keyExpression):
            let object = try evaluate(base, strict: strict)
            if case .undefined = object { return object }
            let key = try evaluate(keyExpression)
            return try Members.item(key, of: object)
        case .slice(let base, let start, let stop, let step):
            let object = try evaluate(base)
            return try Members.slice(object, start: try start.map { try evaluate($0) }, stop: try stop.map { try evaluate($0) },
                                     step: try step.map { try evaluate($0) })
        case .call(let calleeExpression, let arguments):
            // Calling what does not exist is an error even where undefined names print as nothing.
            let callee = try evaluate(calleeExpression, strict: false)
            if case .undefined(let description) = callee { throw TemplateError(description, at: calleeExpression.offset, in: source) }
            return try invoke(callee, try evaluateArguments(arguments, callee: calleeExpression))
        case .filter(let input, let filter):
            let lenient = filter.name == "default" || filter.name == "d"
            return try applyFilter(filter, to: try evaluate(input, strict: !lenient))
        case .test(let input, let name, let argumentExpressions, let negated):
            guard let test = environment.tests[name] else {
                let hint = EditDistance.closest(to: name, among: Array(environment.tests.keys)).map { " (did you mean '\($0)'?)" } ?? ""
                throw TemplateFailure("no test named '\(name)'\(hint)")
            }
            let lenient = ["defined", "undefined", "none"].contains(name)
            let value = try evaluate(input, strict: !lenient)
            let arguments = try argumentExpressions.map { try evaluate($0) }
            return .bool(try test(value, arguments, self) != negated)
        case .negate(let operand):
            let value = try evaluate(operand)
            switch value {
            case .int(let number): return .int(-number)
            case .double(let number): return .double(-number)
            case .bool(let flag): return .int(flag ? -1 : 0)
            default: throw TemplateFailure("bad operand type for unary -: \(value.typeName)")
            }
        case .plus(let operand):
            let value = try evaluate(operand)
            guard value.isNumber else { throw TemplateFailure("bad operand type for unary +: \(value.typeName)") }
            return value
        case .not(let operand):
            return .bool(!(try truth(operand)))
        case .binary(let op, let left, let right):
            return try Value.arithmetic(op, try evaluate(left), try evaluate(right))
        case .and(let left, let right):
            let value = try evaluate(left)
            return try value.isTruthy() ? try evaluate(right) : value
        case .or(let left, let right):
            let value = try evaluate(left)
            return try value.isTruthy() ? value : try evaluate(right)
        case .compare(let first, let operations):
            var left = try evaluate(first)
            for (op, rightExpression) in operations {
                let right = try evaluate(rightExpression)
                let holds: Bool = switch op {
                case .equal: left.equals(right)
                case .notEqual: !left.equals(right)
                case .less: try left.compare(right) == .orderedAscending
                case .lessOrEqual: try left.compare(right) != .orderedDescending
                case .greater: try left.compare(right) == .orderedDescending
                case .greaterOrEqual: try left.compare(right) != .orderedAscending
                case .isIn: try right.contains(left)
                case .notIn: !(try right.contains(left))
                }
                if !holds { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let condition, let then, let otherwise):
            if try truth(condition) { return try evaluate(then, strict: strict) }
            // Jinja renders a false inline `if` without `else` as nothing, even with strict undefined.
            guard let otherwise else { return .string("") }
            return try evaluate(otherwise, strict: strict)
        }
    }

    /// dbt's order: the template's own names, then macros along the search order, then packages by
    /// name (`dbt_utils.x`), then the context's globals.
    private func lookup(_ name: String) -> Value {
        if let value = scope.lookup(name) { return value }
        for package in searchOrder {
            if let replaced = overrides[package]?[name] { return replaced }
            if let macro = environment.macro(named: name, in: package) { return .function(Self.macroFunction(macro)) }
        }
        if environment.packages[name] != nil, !name.isEmpty {
            return .object(PackageNamespace(package: name, environment: environment, overrides: overrides[name] ?? [:]))
        }
        if let value = environment.globals[name] { return value }
        let candidates = scope.visibleNames + environment.macroNames(searching: searchOrder) + Array(environment.globals.keys)
        let hint = EditDistance.closest(to: name, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
        return .undefined("'\(name)' is undefined\(hint)")
    }

    private func evaluateArguments(_ arguments: Expression.Arguments, callee: Expression) throws -> CallArguments {
        let name: String = switch callee.kind {
        case .name(let name): name
        case .attribute(_, let name): name
        default: "function"
        }
        var positional = try arguments.positional.map { try evaluate($0) }
        var keyword = try arguments.keyword.map { ($0.name, try evaluate($0.value)) }
        if let spread = arguments.spread {
            let value = try evaluate(spread)
            positional += try located(spread.offset) { try value.iterate() }
        }
        if let spread = arguments.keywordSpread {
            guard case .dict(let box) = try evaluate(spread) else { throw TemplateError("** takes a dict", at: spread.offset, in: source) }
            for (key, value) in box.pairs {
                let name = try key.rendered()
                if keyword.contains(where: { $0.0 == name }) {
                    throw TemplateError("got multiple values for keyword argument '\(name)'", at: spread.offset, in: source)
                }
                keyword.append((name, value))
            }
        }
        return CallArguments(callee: name, positional: positional, keyword: keyword)
    }

    func invoke(_ callee: Value, _ arguments: CallArguments) throws -> Value {
        switch callee {
        case .function(let function):
            if macroDepth == topLevelDepth, function.macro == nil { onTopLevelCall?(.function(function.name)) }
            return try function.body(arguments, self)
        case .object(let object): return try object.call(arguments)
        default: throw TemplateFailure("'\(callee.typeName)' object is not callable")
        }
    }

    func applyFilter(_ call: FilterCall, to value: Value) throws -> Value {
        guard let filter = environment.filters[call.name] else {
            let hint = EditDistance.closest(to: call.name, among: Array(environment.filters.keys)).map { " (did you mean '\($0)'?)" } ?? ""
            throw TemplateError("no filter named '\(call.name)'\(hint)", at: call.offset, in: source)
        }
        let arguments = CallArguments(callee: call.name, positional: try call.arguments.positional.map { try evaluate($0) },
                                      keyword: try call.arguments.keyword.map { ($0.name, try evaluate($0.value)) })
        return try located(call.offset) { try filter(value, arguments, self) }
    }

    /// Runs `body`; a failure from host code becomes a template error at `offset` in the current file.
    private func located<T>(_ offset: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let failure as TemplateFailure {
            throw TemplateError(failure.description, at: offset, in: source)
        }
    }
}
