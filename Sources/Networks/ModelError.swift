/// An error about a model: its architecture, its parameters, its file or its input.
public struct ModelError: Error, Hashable, Sendable, CustomStringConvertible {
    public var code: Code
    /// A sentence a user can act on.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// The kind of a ``ModelError``; new codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The architecture cannot be built for the requested input and classes.
        public static let invalidArchitecture = Code("invalidArchitecture")
        /// An input batch does not fit the model or holds non-finite values.
        public static let invalidInput = Code("invalidInput")
        /// A saved tensor's name is not a parameter of the architecture.
        public static let unknownParameter = Code("unknownParameter")
        /// A parameter of the architecture is absent from the saved tensors.
        public static let missingParameter = Code("missingParameter")
        /// A saved tensor's shape differs from the architecture's parameter.
        public static let parameterShape = Code("parameterShape")
        /// The model file cannot be read or is not a PreIndex/PyTorch model.
        public static let invalidFile = Code("invalidFile")

        public var description: String { value }
    }
}
