import Datasets
import Testing

struct NumPyImagesTests {
    /// The fixture images as NCHW floats, from the formula.
    private var expectedScalars: [Float] {
        var scalars: [Float] = []
        for image in 0..<4 {
            for channel in 0..<3 {
                for y in 0..<5 {
                    for x in 0..<6 {
                        scalars.append(Float(Fixtures.npyByte(image: image, channel: channel, y: y, x: x)) / 255)
                    }
                }
            }
        }
        return scalars
    }

    @Test(arguments: [
        "npy/images_nchw_uint8.npy", "npy/images_nhwc_uint8.npy", "npy/images_nchw_float32.npy",
        "npy/images_nhwc_float32.npy",
    ])
    func loadsEveryLayoutAndTypeToTheSameNCHWImages(file: String) throws {
        let dataset = try NumPyImages.load(images: Fixtures.path(file), labels: Fixtures.path("npy/labels_int64.npy"))
        #expect(dataset.images.shape == [4, 3, 5, 6])
        #expect(dataset.images.scalars == expectedScalars)
        #expect(dataset.labels == [2, 0, 1, 2])
        #expect(dataset.classCount == 3)
    }

    @Test(arguments: ["npy/labels_int32.npy", "npy/labels_uint8_column.npy", "npy/labels_int64.npy.gz"])
    func readsLabelsOfEveryIntegerType(file: String) throws {
        let dataset = try NumPyImages.load(
            images: Fixtures.path("npy/images_nchw_uint8.npy"), labels: Fixtures.path(file), classCount: 10)
        #expect(dataset.labels == [2, 0, 1, 2])
        #expect(dataset.classCount == 10)
    }

    @Test func explicitLayoutOverridesDetection() throws {
        // Read NCHW data as if it were NHWC: axes are then taken as [N, H=3, W=5, C=6].
        let forced = try NumPyImages.load(
            images: Fixtures.path("npy/images_nchw_uint8.npy"), labels: Fixtures.path("npy/labels_int64.npy"),
            layout: .nhwc)
        #expect(forced.images.shape == [4, 6, 3, 5])
        #expect(ImageLayout.detect([4, 3, 5, 6]) == .nchw)
        #expect(ImageLayout.detect([4, 5, 6, 3]) == .nhwc)
        #expect(ImageLayout.detect([4, 3, 5, 3]) == nil)
    }

    @Test func loadsThreeDimensionalImagesAsOneChannel() throws {
        let dataset = try NumPyImages.load(
            images: Fixtures.path("npy/images_gray_uint8.npy"), labels: Fixtures.path("npy/labels_int64.npy"))
        #expect(dataset.images.shape == [4, 1, 5, 6])
        #expect(dataset.images[flat: 30 + 6 + 2] == Float(Fixtures.npyByte(image: 1, channel: 0, y: 1, x: 2)) / 255)
    }

    @Test func rejectsNaNNamingFileAndImage() throws {
        let error = try #require(throws: DatasetError.self) {
            try NumPyImages.load(
                images: Fixtures.path("bad/images_nan.npy"), labels: Fixtures.path("npy/labels_int64.npy"))
        }
        #expect(error.code == .nonFinite)
        #expect(error.message.contains("images_nan.npy' holds nan in image 2"))
    }

    @Test func rejectsCountMismatchAndLabelsOutOfRange() throws {
        let count = try #require(throws: DatasetError.self) {
            try NumPyImages.load(
                images: Fixtures.path("npy/images_nchw_uint8.npy"), labels: Fixtures.path("bad/labels_three.npy"))
        }
        #expect(count.code == .countMismatch)
        #expect(count.message.contains("labels_three.npy' holds 3 labels but"))

        let range = try #require(throws: DatasetError.self) {
            try NumPyImages.load(
                images: Fixtures.path("npy/images_nchw_uint8.npy"),
                labels: Fixtures.path("bad/labels_out_of_range.npy"),
                classCount: 3)
        }
        #expect(range.code == .labelOutOfRange)
        #expect(range.message.contains("labels_out_of_range.npy' gives sample 2 the label 5, outside the 3 classes"))
    }

    @Test(arguments: [
        ("bad/images_int64.npy", "npy/labels_int64.npy", "holds int64 images"),
        ("bad/images_ambiguous.npy", "npy/labels_int64.npy", "give the layout"),
        ("npy/images_nchw_uint8.npy", "bad/labels_float.npy", "holds float32 labels"),
        ("bad/truncated.npy", "npy/labels_int64.npy", "holds 260 bytes, header promises 360"),
        ("bad/fortran_order.npy", "npy/labels_int64.npy", "Fortran order"),
        ("bad/not_npy.npy", "npy/labels_int64.npy", "not a NumPy .npy file"),
    ])
    func rejectsUnusableFiles(images: String, labels: String, expected: String) throws {
        let error = try #require(throws: DatasetError.self) {
            try NumPyImages.load(images: Fixtures.path(images), labels: Fixtures.path(labels))
        }
        #expect(error.code == .invalidFormat)
        #expect(error.message.contains(expected), "\(error.message)")
    }
}
