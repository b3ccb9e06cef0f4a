// swift-tools-version: 6.1
//
// PreIndex: what it costs to retrain each model of a fleet for each distribution shift,
// estimated from one forward pass and refined by measured retraining. See README.md.

import PackageDescription

let package = Package(
    name: "PreIndex",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "preindex", targets: ["preindex"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-metrics", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", exact: "2.4.1"),
    ],
    targets: [
        // C system libraries: each is wrapped by exactly one Swift file or module.
        .systemLibrary(name: "CBLAS", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZeroMQ", pkgConfig: "libzmq", providers: [.apt(["libzmq3-dev"])]),
        .systemLibrary(name: "CProtobufC", providers: [.apt(["libprotobuf-c-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),

        // PreIndex's own C kernels: binary16 rows and dot products for k-means' screening, with
        // AVX2/F16C code chosen at run time (Swift's portable code generation lacks both).
        .target(name: "CHalfPrecision"),

        // Generated protobuf-c code for Protos/ (`make proto`; committed).
        .target(name: "PreIndexWire", dependencies: ["CProtobufC"]),

        // Libraries, lowest first. Lower modules never import higher ones.
        .target(name: "Tensors", dependencies: ["CBLAS", "CHalfPrecision"]),
        .target(
            name: "Networks",
            dependencies: ["Tensors", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Cooperative",
            dependencies: ["Networks", "Tensors", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "Datasets", dependencies: ["Tensors", "CZlib"]),
        .target(name: "Shifts", dependencies: ["Tensors"]),
        .target(name: "Energy"),
        .target(name: "Measures", dependencies: ["Networks", "Tensors"]),
        .target(
            name: "Retraining",
            dependencies: [
                "Networks", "Measures", "Datasets", "Shifts", "Energy", "Tensors",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Fleet", dependencies: ["Retraining", "Measures", "Energy"]),
        .target(name: "Reports", dependencies: ["Fleet"]),
        .target(
            name: "Cluster",
            dependencies: [
                "CZeroMQ", "PreIndexWire", "Datasets", "Shifts", "Networks", "Measures", "Retraining", "Energy", "Fleet",
                .product(name: "Logging", package: "swift-log"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"), .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),

        // Executable
        .executableTarget(
            name: "preindex",
            dependencies: [
                "Tensors", "Networks", "Cooperative", "Datasets", "Shifts", "Measures", "Energy", "Retraining", "Cluster",
                "Fleet", "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // Tests
        .target(name: "TestSupport", dependencies: ["Tensors"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
        .testTarget(name: "NetworksTests", dependencies: ["Networks", "Datasets", "TestSupport"]),
        .testTarget(name: "CooperativeTests", dependencies: ["Cooperative", "Networks", "Datasets", "TestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"]),
        .testTarget(name: "ShiftsTests", dependencies: ["Shifts", "TestSupport"]),
        .testTarget(name: "EnergyTests", dependencies: ["Energy", "TestSupport"]),
        .testTarget(
            name: "RetrainingTests",
            dependencies: ["Retraining", "Networks", "Datasets", "Energy", "Measures", "Shifts", "TestSupport"]
        ),
        .testTarget(name: "MeasuresTests", dependencies: ["Measures", "Shifts", "Datasets", "TestSupport"]),
        .testTarget(name: "FleetTests", dependencies: ["Fleet", "Reports", "Retraining", "Measures"]),
        .testTarget(
            name: "ClusterTests",
            dependencies: [
                "Cluster", "Fleet", "Shifts", "Tensors", "Networks", "Datasets", "Measures", "Retraining", "Energy", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "PreindexEndToEndTests", dependencies: ["preindex", "Tensors", "Cluster", "Fleet", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
