import Datasets
import Foundation
import TestSupport
import Testing

/// A fresh temporary directory, removed by ``remove()``.
private struct Scratch {
    let path = temporaryPath("spec-files-\(UUID().uuidString)")

    init() throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Copies the fixture at `fixture` (below `Tests/Fixtures/datasets`) to `relative` here, creating folders.
    func copy(_ fixture: String, to relative: String) throws {
        let target = path + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixtures.path(fixture), toPath: target)
    }

    /// Copies each of `files` to a flat folder under a name of its own, as an artifact store keeps them.
    func store(_ files: [String]) throws -> [String: String] {
        try FileManager.default.createDirectory(atPath: path + "/store", withIntermediateDirectories: true)
        var moved: [String: String] = [:]
        for (index, file) in files.enumerated() {
            let target = path + "/store/artifact-\(index)"
            try FileManager.default.copyItem(atPath: file.hasPrefix("/") ? file : path + "/" + file, toPath: target)
            moved[file] = target
        }
        return moved
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

/// Whether two loads hold the same data (their names follow the paths and may differ).
private func sameData(_ a: DatasetSplits, _ b: DatasetSplits) -> Bool {
    a.train.images == b.train.images && a.train.labels == b.train.labels && a.test?.images == b.test?.images
        && a.test?.labels == b.test?.labels
}

struct DatasetSpecFilesTests {
    @Test func aBuiltinDatasetReadsNoFilesAndRelocatesToItself() throws {
        let spec = try DatasetSpec(parsing: "builtin:shapes?train=10&test=5")
        #expect(spec.paths.isEmpty)
        #expect(try spec.localFiles().isEmpty)
        #expect(try spec.relocated([:], linkingUnder: "/nowhere") == spec)
        #expect(throws: DatasetError.self) { try spec.checkFiles(["/data/x.npy"]) }
    }

    @Test func npyFilesAreTheSpecsPathsAndRelocationReadsTheNewOnes() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try scratch.copy("npy/images_nchw_uint8.npy", to: "a/images.npy")
        try scratch.copy("npy/labels_int64.npy", to: "a/labels.npy")
        let spec = try DatasetSpec(parsing: "npy:a/images.npy,a/labels.npy?layout=nchw")
        let files = try spec.localFiles(relativeTo: scratch.path)
        #expect(files == ["a/images.npy", "a/labels.npy"])
        let original = try spec.mappingPaths { scratch.path + "/" + $0 }.load()

        let moved = try scratch.store(files)
        try FileManager.default.removeItem(atPath: scratch.path + "/a")
        let relocated = try spec.relocated(moved, linkingUnder: scratch.path + "/links")
        #expect(relocated.paths == [moved["a/images.npy"]!, moved["a/labels.npy"]!])
        #expect(relocated.description.hasSuffix("?layout=nchw"))
        #expect(sameData(try relocated.load(), original))
        // Nothing needed linking.
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/links"))
    }

    @Test func cifarDirectoryFilesAreExactlyTheBatchesTheLoaderOpens() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        for name in ["data_batch_1.bin", "data_batch_2.bin", "test_batch.bin"] {
            try scratch.copy("cifar10/\(name)", to: "data/cifar-10-batches-bin/\(name)")
        }
        let readme = scratch.path + "/data/cifar-10-batches-bin/readme.txt"
        try Data("not a batch".utf8).write(to: URL(fileURLWithPath: readme))
        let spec = try DatasetSpec(parsing: "cifar10:data")
        let files = try spec.localFiles(relativeTo: scratch.path)
        #expect(
            files == [
                "data/cifar-10-batches-bin/data_batch_1.bin", "data/cifar-10-batches-bin/data_batch_2.bin",
                "data/cifar-10-batches-bin/test_batch.bin",
            ])
        #expect(files.allSatisfy { spec.relativeName(of: $0)?.hasPrefix("cifar-10-batches-bin/") == true })
        let original = try CIFAR.load(scratch.path + "/data", variant: .cifar10)

        let moved = try scratch.store(files)
        try FileManager.default.removeItem(atPath: scratch.path + "/data")
        let links = scratch.path + "/links"
        let relocated = try spec.relocated(moved, linkingUnder: links)
        #expect(relocated == .cifar(path: links, variant: .cifar10))
        #expect(sameData(try relocated.load(), original))
        // Relocating again into the same directory keeps the links.
        #expect(sameData(try spec.relocated(moved, linkingUnder: links).load(), original))
    }

    @Test func idxFilesAreTheFourFilesFoundWithTheirCompressedNames() throws {
        let directory = Fixtures.path("mnist")
        let spec = try DatasetSpec(parsing: "mnist:\(directory)")
        let files = try spec.localFiles()
        #expect(
            files == [
                "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte.gz",
                "t10k-labels-idx1-ubyte.gz",
            ].map { directory + "/" + $0 })

        let scratch = try Scratch()
        defer { scratch.remove() }
        let relocated = try spec.relocated(try scratch.store(files), linkingUnder: scratch.path + "/links")
        #expect(sameData(try relocated.load(), try spec.load()))
    }

    @Test func aCifarFileIsRelocatedByReplacingItsPath() throws {
        let spec = try DatasetSpec(parsing: "cifar10:/data/one.bin")
        #expect(try spec.localFiles() == ["/data/one.bin"])
        let relocated = try spec.relocated(["/data/one.bin": "/cache/abc"], linkingUnder: "/unused")
        #expect(relocated == .cifar(path: "/cache/abc", variant: .cifar10))
    }

    @Test func onlyFilesTheSpecReadsAreAccepted() throws {
        let npy = try DatasetSpec(parsing: "npy:/d/x.npy,/d/y.npy")
        #expect(npy.relativeName(of: "/d/x.npy") == "")
        #expect(npy.relativeName(of: "/d/z.npy") == nil)
        let missing = try #require(throws: DatasetError.self) { try npy.checkFiles(["/d/x.npy"]) }
        #expect(missing.code == .invalidSpec && missing.message.contains("'/d/y.npy'"))
        let foreign = try #require(throws: DatasetError.self) {
            try npy.checkFiles(["/d/x.npy", "/d/y.npy", "/etc/passwd"])
        }
        #expect(foreign.message.contains("'/etc/passwd'"))
        #expect(throws: DatasetError.self) { try npy.checkFiles([]) }

        let mnist = try DatasetSpec(parsing: "mnist:/d/mnist/")
        #expect(mnist.relativeName(of: "/d/mnist/train-images-idx3-ubyte") == "train-images-idx3-ubyte")
        #expect(mnist.relativeName(of: "/d/mnist/sub/train-images-idx3-ubyte") == nil)
        #expect(mnist.relativeName(of: "/d/mnist/../secret") == nil)
        #expect(mnist.relativeName(of: "/d/mnist") == nil)

        let cifar = try DatasetSpec(parsing: "cifar:/d/c")
        let batch = "cifar-10-batches-bin/test_batch.bin"
        #expect(cifar.relativeName(of: "/d/c/" + batch) == batch)
        #expect(cifar.relativeName(of: "/d/c/a/b/c.bin") == nil)
        #expect(throws: DatasetError.self) { try cifar.checkFiles(["/d/c", "/d/c/train.bin"]) }
        #expect(throws: DatasetError.self) { try cifar.relocated(["/d/c/../x": "/tmp/x"], linkingUnder: "/tmp/links") }
    }

    @Test func aMissingDirectoryIsReportedWhenListingItsFiles() throws {
        let error = try #require(throws: DatasetError.self) {
            try DatasetSpec(parsing: "mnist:/no/such/mnist").localFiles()
        }
        #expect(error.code == .unreadable && error.message.contains("/no/such/mnist"))
    }
}
