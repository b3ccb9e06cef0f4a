import ArgumentParser

extension Preindex {
    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Train a model and write it as .safetensors.")
        func run() async throws {}
    }
}
