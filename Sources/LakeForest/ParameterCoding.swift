/// How the forest's parameter choices read in a model file: `"auto"`, `{"count": 256}`,
/// `{"fraction": 0.05}` — what lake.yml says, not Swift's enum encoding (`{"fraction":{"_0":0.05}}`),
/// which files written before still use and still load.
enum ParameterCoding {
    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func encode(_ choice: String, _ value: Double?, to encoder: any Encoder) throws {
        guard let value else {
            var single = encoder.singleValueContainer()
            try single.encode(choice)
            return
        }
        var keyed = encoder.container(keyedBy: Key.self)
        if choice == "count" { try keyed.encode(Int(value), forKey: Key(stringValue: choice)) } else { try keyed.encode(value, forKey: Key(stringValue: choice)) }
    }

    /// The choice and its number (nil for a bare choice like "auto").
    static func decode(from decoder: any Decoder) throws -> (choice: String, value: Double?) {
        if let single = try? decoder.singleValueContainer(), let choice = try? single.decode(String.self) { return (choice, nil) }
        let keyed = try decoder.container(keyedBy: Key.self)
        guard let key = keyed.allKeys.first else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an empty parameter"))
        }
        if let number = try? keyed.decode(Double.self, forKey: key) { return (key.stringValue, number) }
        // Swift's own enum encoding: {"fraction": {"_0": 0.05}}, {"auto": {}}.
        let nested = try keyed.nestedContainer(keyedBy: Key.self, forKey: key)
        return (key.stringValue, try nested.decodeIfPresent(Double.self, forKey: Key(stringValue: "_0")))
    }

    static func unknown(_ choice: String, _ decoder: any Decoder) -> DecodingError {
        .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown parameter choice '\(choice)'"))
    }
}

extension IsolationForestParameters.MaxSamples {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .auto: try ParameterCoding.encode("auto", nil, to: encoder)
        case .count(let n): try ParameterCoding.encode("count", Double(n), to: encoder)
        case .fraction(let f): try ParameterCoding.encode("fraction", f, to: encoder)
        }
    }

    public init(from decoder: any Decoder) throws {
        switch try ParameterCoding.decode(from: decoder) {
        case ("auto", _): self = .auto
        case ("count", let n?): self = .count(Int(n))
        case ("fraction", let f?): self = .fraction(f)
        case (let choice, _): throw ParameterCoding.unknown(choice, decoder)
        }
    }
}

extension IsolationForestParameters.MaxFeatures {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .count(let n): try ParameterCoding.encode("count", Double(n), to: encoder)
        case .fraction(let f): try ParameterCoding.encode("fraction", f, to: encoder)
        }
    }

    public init(from decoder: any Decoder) throws {
        switch try ParameterCoding.decode(from: decoder) {
        case ("count", let n?): self = .count(Int(n))
        case ("fraction", let f?): self = .fraction(f)
        case (let choice, _): throw ParameterCoding.unknown(choice, decoder)
        }
    }
}

extension IsolationForestParameters.Contamination {
    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .auto: try ParameterCoding.encode("auto", nil, to: encoder)
        case .fraction(let f): try ParameterCoding.encode("fraction", f, to: encoder)
        }
    }

    public init(from decoder: any Decoder) throws {
        switch try ParameterCoding.decode(from: decoder) {
        case ("auto", _): self = .auto
        case ("fraction", let f?): self = .fraction(f)
        case (let choice, _): throw ParameterCoding.unknown(choice, decoder)
        }
    }
}
