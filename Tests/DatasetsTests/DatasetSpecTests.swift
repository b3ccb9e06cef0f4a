import Datasets
import Testing

struct DatasetSpecTests {
    @Test func parsesBuiltinShapesWithAndWithoutOptions() throws {
        #expect(try DatasetSpec(parsing: "builtin:shapes") == .shapes(BuiltinShapes()))
        #expect(
            try DatasetSpec(parsing: "builtin:shapes?train=5000&test=1000&seed=7")
                == .shapes(BuiltinShapes(trainCount: 5000, testCount: 1000, seed: 7)))
        #expect(try DatasetSpec(parsing: "builtin:shapes?seed=3") == .shapes(BuiltinShapes(seed: 3)))
    }

    @Test func parsesFileSchemes() throws {
        #expect(try DatasetSpec(parsing: "cifar10:/data/cifar") == .cifar(path: "/data/cifar", variant: .cifar10))
        #expect(try DatasetSpec(parsing: "cifar100:/data/c100") == .cifar(path: "/data/c100", variant: .cifar100Fine))
        #expect(
            try DatasetSpec(parsing: "cifar100:/data/c100?labels=coarse")
                == .cifar(path: "/data/c100", variant: .cifar100Coarse))
        #expect(try DatasetSpec(parsing: "cifar:/data/x.bin") == .cifar(path: "/data/x.bin", variant: nil))
        #expect(
            try DatasetSpec(parsing: "mnist:/data/mnist")
                == .idx(directory: "/data/mnist", name: "mnist", classCount: 10))
        #expect(
            try DatasetSpec(parsing: "fashion-mnist:/d?classes=10")
                == .idx(directory: "/d", name: "fashion-mnist", classCount: 10))
        #expect(
            try DatasetSpec(parsing: "npy:/a/x.npy,/a/y.npy")
                == .numPy(.init(train: .init(images: "/a/x.npy", labels: "/a/y.npy"))))
        #expect(
            try DatasetSpec(parsing: "npy:x.npy,y.npy,tx.npy,ty.npy?layout=nhwc&classes=12")
                == .numPy(
                    .init(
                        train: .init(images: "x.npy", labels: "y.npy"), test: .init(images: "tx.npy", labels: "ty.npy"),
                        layout: .nhwc, classCount: 12)))
    }

    @Test(arguments: [
        "builtin:shapes?train=5000&test=1000&seed=7", "cifar10:/data/cifar", "cifar100:/d?labels=coarse",
        "cifar:/x.bin",
        "mnist:/m?classes=10", "npy:a.npy,b.npy?layout=nchw&classes=4", "npy:a,b,c,d",
    ])
    func descriptionParsesBackToTheSameSpec(text: String) throws {
        let spec = try DatasetSpec(parsing: text)
        #expect(try DatasetSpec(parsing: spec.description) == spec)
    }

    @Test func unknownSchemeListsTheValidOnes() throws {
        let error = try #require(throws: DatasetError.self) { try DatasetSpec(parsing: "imagenet:/data") }
        #expect(error.code == .invalidSpec)
        #expect(
            error.message
                == "unknown dataset scheme 'imagenet' in 'imagenet:/data'; valid schemes are builtin, cifar, cifar10, cifar100, mnist, fashion-mnist, npy"
        )
        let noScheme = try #require(throws: DatasetError.self) { try DatasetSpec(parsing: "/data/cifar") }
        #expect(noScheme.message.contains("has no scheme"))
    }

    @Test(arguments: [
        ("builtin:circles", "unknown built-in dataset 'circles'"),
        (
            "builtin:shapes?size=64",
            "unknown option 'size' in 'builtin:shapes?size=64'; valid options are train, test, seed"
        ),
        ("builtin:shapes?train=-5", "option train=-5"),
        ("builtin:shapes?train", "is not of the form key=value"),
        ("cifar10:", "has no path"),
        ("cifar10:/d?labels=fine", "unknown option 'labels'"),
        ("cifar100:/d?labels=medium", "labels=medium"),
        ("npy:only.npy", "names 1 files"),
        ("npy:a.npy,b.npy?layout=hwcn", "layout=hwcn"),
        ("mnist:/d?classes=0", "option classes=0"),
    ])
    func malformedSpecsAreRejected(text: String, expected: String) throws {
        let error = try #require(throws: DatasetError.self) { try DatasetSpec(parsing: text) }
        #expect(error.code == .invalidSpec)
        #expect(error.message.contains(expected), "\(error.message)")
    }

    @Test func loadsFixturesThroughSpecs() throws {
        let cifar = try DatasetSpec(parsing: "cifar10:\(Fixtures.path("cifar10"))").load()
        #expect(cifar.train.count == 5)
        #expect(cifar.test?.count == 2)
        let mnist = try DatasetSpec(parsing: "mnist:\(Fixtures.path("mnist"))").load()
        #expect(mnist.train.count == 4)
        #expect(mnist.test?.count == 3)
        let npy = try DatasetSpec(
            parsing: "npy:\(Fixtures.path("npy/images_nhwc_uint8.npy")),\(Fixtures.path("npy/labels_int64.npy"))"
        ).load()
        #expect(npy.train.images.shape == [4, 3, 5, 6])
        #expect(npy.test == nil)
        let shapes = try DatasetSpec(parsing: "builtin:shapes?train=20&test=10&seed=1").load()
        #expect(shapes.train.count == 20)
        #expect(shapes.test?.count == 10)
    }
}
