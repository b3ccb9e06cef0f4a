/// JSON of ``Architecture``: `skippedBlocks` and `stageAdapters` are optional on read and left out
/// when empty or false, so model
/// files from before sub-networks existed read unchanged and full networks write the same JSON.
extension Architecture {
    private enum CodingKeys: String, CodingKey {
        case name, inputChannels, inputHeight, inputWidth, classes, normalization, skippedBlocks, stageAdapters
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            try container.decode(Name.self, forKey: .name),
            inputChannels: try container.decode(Int.self, forKey: .inputChannels),
            inputHeight: try container.decode(Int.self, forKey: .inputHeight),
            inputWidth: try container.decode(Int.self, forKey: .inputWidth),
            classes: try container.decode(Int.self, forKey: .classes),
            normalization: try container.decodeIfPresent(InputNormalization.self, forKey: .normalization))
        skippedBlocks = try container.decodeIfPresent([String].self, forKey: .skippedBlocks) ?? []
        stageAdapters = try container.decodeIfPresent(Bool.self, forKey: .stageAdapters) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(inputChannels, forKey: .inputChannels)
        try container.encode(inputHeight, forKey: .inputHeight)
        try container.encode(inputWidth, forKey: .inputWidth)
        try container.encode(classes, forKey: .classes)
        try container.encodeIfPresent(normalization, forKey: .normalization)
        if !skippedBlocks.isEmpty { try container.encode(skippedBlocks, forKey: .skippedBlocks) }
        if stageAdapters { try container.encode(stageAdapters, forKey: .stageAdapters) }
    }
}
