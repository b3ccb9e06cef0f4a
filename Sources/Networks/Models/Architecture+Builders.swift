import Tensors

/// The layer lists of each ``Architecture/Name``, with PyTorch `state_dict` names.
extension Architecture {
    func mlp(generator: inout SeededGenerator) -> Sequential {
        let features = inputChannels * inputHeight * inputWidth
        return Sequential([
            Flatten(),
            Linear("fc1", features, 256, generator: &generator), ReLU(),
            Linear("fc2", 256, 128, generator: &generator), ReLU(),
            Linear("linear", 128, classes, generator: &generator),
        ])
    }

    func cnn(generator: inout SeededGenerator) -> Sequential {
        let height = inputHeight / 2 / 2, width = inputWidth / 2 / 2
        return Sequential([
            Conv2d("conv1", inputChannels, 32, kernel: 3, padding: 1, generator: &generator),
            BatchNorm2d("bn1", 32), ReLU(), Pool2d(.max, kernel: 2),
            Conv2d("conv2", 32, 64, kernel: 3, padding: 1, generator: &generator),
            BatchNorm2d("bn2", 64), ReLU(), Pool2d(.max, kernel: 2),
            Flatten(),
            Linear("fc1", 64 * height * width, 128, generator: &generator), ReLU(),
            Linear("linear", 128, classes, generator: &generator),
        ])
    }

    /// Numbered like PyTorch's VGG: `features.N` and `classifier.N` count every module.
    func vggMini(generator: inout SeededGenerator) -> Sequential {
        var layers: [any Layer] = []
        var channels = inputChannels
        var height = inputHeight, width = inputWidth
        for stage in [[32, 32], [64, 64], [128]] {
            for out in stage {
                let index = layers.count
                layers.append(Conv2d("features.\(index)", channels, out, kernel: 3, padding: 1, generator: &generator))
                layers.append(BatchNorm2d("features.\(index + 1)", out))
                layers.append(ReLU())
                channels = out
            }
            layers.append(Pool2d(.max, kernel: 2))
            height /= 2
            width /= 2
        }
        return Sequential(layers + [
            Flatten(),
            Linear("classifier.0", channels * height * width, 256, generator: &generator), ReLU(),
            Dropout(probability: 0.5, seed: generator.next()),
            Linear("classifier.3", 256, classes, generator: &generator),
        ])
    }

    /// The CIFAR ResNet: 3×3 stem without max-pool, stages `layer1…` of BasicBlocks whose
    /// first block strides by 2 (except the first stage), global average pool, `linear`.
    func resnet(widths: [Int], blocks: [Int], generator: inout SeededGenerator) -> Sequential {
        var layers: [any Layer] = [
            Conv2d("conv1", inputChannels, widths[0], kernel: 3, padding: 1, generator: &generator),
            BatchNorm2d("bn1", widths[0]), ReLU(),
        ]
        var channels = widths[0]
        for (stage, (width, count)) in zip(widths, blocks).enumerated() {
            for block in 0..<count {
                let stride = stage > 0 && block == 0 ? 2 : 1
                layers.append(BasicBlock("layer\(stage + 1).\(block)", channels, width, stride: stride, generator: &generator))
                channels = width
            }
        }
        return Sequential(layers + [
            Pool2d.globalAverage, Flatten(), Linear("linear", channels, classes, generator: &generator),
        ])
    }
}
