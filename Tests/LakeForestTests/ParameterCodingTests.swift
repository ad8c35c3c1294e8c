import Foundation
import Testing
@testable import LakeForest

/// The parameters in a model file read as lake.yml writes them, and files written before still load.
@Suite struct ParameterCodingTests {
    @Test func choicesAreWrittenAsLakeYmlSaysThem() throws {
        var parameters = IsolationForestParameters()
        parameters.contamination = .fraction(0.05)
        parameters.maxSamples = .count(128)
        parameters.maxFeatures = .fraction(0.5)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(parameters), as: UTF8.self)
        #expect(text.contains("\"contamination\":{\"fraction\":0.05}"))
        #expect(text.contains("\"maxSamples\":{\"count\":128}"))
        #expect(text.contains("\"maxFeatures\":{\"fraction\":0.5}"))
        #expect(!text.contains("_0"))
        #expect(try JSONDecoder().decode(IsolationForestParameters.self, from: Data(text.utf8)) == parameters)
        parameters.maxSamples = .auto
        parameters.contamination = .auto
        let auto = String(decoding: try encoder.encode(parameters), as: UTF8.self)
        #expect(auto.contains("\"contamination\":\"auto\"") && auto.contains("\"maxSamples\":\"auto\""))
        #expect(try JSONDecoder().decode(IsolationForestParameters.self, from: Data(auto.utf8)) == parameters)
    }

    @Test func filesInSwiftsEnumEncodingStillLoad() throws {
        let old = """
            {"bootstrap":false,"contamination":{"fraction":{"_0":0.05}},"estimators":100,"harmonic":"approximate",
             "maxFeatures":{"fraction":{"_0":1}},"maxSamples":{"auto":{}},"seed":42}
            """
        let parameters = try JSONDecoder().decode(IsolationForestParameters.self, from: Data(old.utf8))
        #expect(parameters.contamination == .fraction(0.05))
        #expect(parameters.maxFeatures == .fraction(1))
        #expect(parameters.maxSamples == .auto)
        #expect(parameters.seed == 42)
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(IsolationForestParameters.self, from: Data(old.replacingOccurrences(of: "\"auto\":{}", with: "\"most\":{}").utf8))
        }
    }
}
