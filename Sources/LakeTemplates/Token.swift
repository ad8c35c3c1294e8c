/// One lexical unit of a template, with the byte offset it starts at.
struct Token: Equatable {
    enum Kind: Equatable {
        case data(String)
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(Int)
        case float(Double)
        /// Punctuation and operators: + - * / // % ** ~ ( ) [ ] { } , . : | = == != < <= > >=
        case symbol(String)
        case end
    }

    let kind: Kind
    let offset: Int

    var describedForError: String {
        switch kind {
        case .data: "template text"
        case .variableBegin: "'{{'"
        case .variableEnd: "'}}'"
        case .blockBegin: "'{%'"
        case .blockEnd: "'%}'"
        case .name(let name): "'\(name)'"
        case .string(let text): "string '\(text)'"
        case .integer(let value): "'\(value)'"
        case .float(let value): "'\(value)'"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "end of template"
        }
    }
}
