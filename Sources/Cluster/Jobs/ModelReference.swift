/// Which model a task works on: a file known by its SHA-256, or the model a train task of the same job produces.
///
/// JSON: `{"file": "m.safetensors", "sha256": "…"}` or `{"trainTask": 0, "trainKey": "…"}`.
public enum ModelReference: Codable, Hashable, Sendable {
    /// A model file: its name in the job and the SHA-256 of its bytes (64 lowercase hexadecimal digits).
    case file(path: String, sha256: String)
    /// The model that train task number `task` of the plan produces; `key` is that task's content key.
    case trained(task: Int, key: String)

    /// What identifies the model's content in content keys: `sha256:<digest>` for a file, `train:<key>`
    /// for a model trained by a task with content key `key` (the same training inputs give the same model).
    public var identity: String {
        switch self {
        case .file(_, let sha256): "sha256:\(sha256)"
        case .trained(_, let key): "train:\(key)"
        }
    }

    private enum CodingKeys: String, CodingKey {
        case file, sha256, trainTask, trainKey
    }

    /// Decodes either form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let path = try container.decodeIfPresent(String.self, forKey: .file) {
            self = .file(path: path, sha256: try container.decode(String.self, forKey: .sha256))
        } else {
            self = .trained(
                task: try container.decode(Int.self, forKey: .trainTask),
                key: try container.decode(String.self, forKey: .trainKey))
        }
    }

    /// Encodes the form of the case.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .file(let path, let sha256):
            try container.encode(path, forKey: .file)
            try container.encode(sha256, forKey: .sha256)
        case .trained(let task, let key):
            try container.encode(task, forKey: .trainTask)
            try container.encode(key, forKey: .trainKey)
        }
    }
}
