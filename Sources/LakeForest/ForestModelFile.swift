import Foundation
import TextSupport

/// A trained detector on disk (data_lake/models/<name>.json): versioned, with everything needed to
/// score new rows without training again — parameters, scaler, trees — and how it was trained.
public struct ForestModelFile: Codable, Sendable, Equatable {
    public static let format = "lake-isolation-forest"
    public static let currentVersion = 1

    public struct Training: Codable, Sendable, Equatable {
        public var rows: Int
        public var trainedAt: String
        public var lakeVersion: String
        public init(rows: Int, trainedAt: String, lakeVersion: String) {
            self.rows = rows
            self.trainedAt = trainedAt
            self.lakeVersion = lakeVersion
        }
    }

    public var format = ForestModelFile.format
    public var version = ForestModelFile.currentVersion
    public var name: String
    public var source: String
    public var output: String
    public var key: [String]
    public var features: [String]
    public var parameters: IsolationForestParameters
    public var scaler: StandardScaler?
    /// Columns whose groups were scaled each on its own, and their scalers (instead of `scaler`).
    public var scaleWithin: [String]?
    public var groupScaler: GroupedScaler?
    public var maxSamples: Int
    public var offset: Double
    public var trees: [IsolationTree]
    public var training: Training

    public init(name: String, source: String, output: String, key: [String], features: [String], forest: IsolationForest,
                scaler: StandardScaler?, scaleWithin: [String]? = nil, groupScaler: GroupedScaler? = nil, training: Training) {
        self.name = name
        self.source = source
        self.output = output
        self.key = key
        self.features = features
        parameters = forest.parameters
        self.scaler = scaler
        self.scaleWithin = scaleWithin
        self.groupScaler = groupScaler
        maxSamples = forest.maxSamples
        offset = forest.offset
        trees = forest.trees
        self.training = training
    }

    public var forest: IsolationForest {
        IsolationForest(parameters: parameters, trees: trees, maxSamples: maxSamples, features: features.count, offset: offset)
    }

    /// Writes the file through a temporary name, so a reader never sees half of it.
    public func save(to path: String) throws {
        try AtomicFile.write(try encoded(), to: path)
    }

    /// The file's contents.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    public static func load(from path: String) throws -> ForestModelFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ForestError("no trained model at \(path): train it first (lake ml train, or lake run)")
        }
        let model: ForestModelFile
        do {
            model = try JSONDecoder().decode(ForestModelFile.self, from: data)
        } catch {
            throw ForestError("\(path) is not a lake model file: \(error)")
        }
        guard model.format == format else { throw ForestError("\(path) is a '\(model.format)' file, not '\(format)'") }
        guard model.version <= currentVersion else {
            throw ForestError("\(path) is version \(model.version); this lake reads up to version \(currentVersion)")
        }
        return model
    }
}
