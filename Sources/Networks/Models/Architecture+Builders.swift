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

    /// Two stages (`stage1`, `stage2`: conv–BN–ReLU–maxpool), then the classifier.
    func cnn(generator: inout SeededGenerator, adapters: inout SeededGenerator) -> Sequential {
        let height = inputHeight / 2 / 2, width = inputWidth / 2 / 2
        var stages: [any Layer] = []
        for (index, (name, bn, out)) in [("conv1", "bn1", 32), ("conv2", "bn2", 64)].enumerated() {
            let channels = index == 0 ? inputChannels : 32
            let body: [any Layer] = [
                Conv2d(name, channels, out, kernel: 3, padding: 1, generator: &generator),
                BatchNorm2d(bn, out), ReLU(), Pool2d(.max, kernel: 2),
            ]
            stages.append(stage(index, body, channels, out, adapters: &adapters))
        }
        return Sequential(stages + [
            Flatten(),
            Linear("fc1", 64 * height * width, 128, generator: &generator), ReLU(),
            Linear("linear", 128, classes, generator: &generator),
        ])
    }

    /// Numbered like PyTorch's VGG: `features.N` and `classifier.N` count every module. Three
    /// stages (`stage1`…`stage3`), each ending in a max-pool.
    func vggMini(generator: inout SeededGenerator, adapters: inout SeededGenerator) -> Sequential {
        var stages: [any Layer] = []
        var channels = inputChannels
        var height = inputHeight, width = inputWidth
        var index = 0
        for (number, widths) in [[32, 32], [64, 64], [128]].enumerated() {
            let stageInput = channels
            var body: [any Layer] = []
            for out in widths {
                body.append(Conv2d("features.\(index)", channels, out, kernel: 3, padding: 1, generator: &generator))
                body.append(BatchNorm2d("features.\(index + 1)", out))
                body.append(ReLU())
                channels = out
                index += 3
            }
            body.append(Pool2d(.max, kernel: 2))
            index += 1
            height /= 2
            width /= 2
            stages.append(stage(number, body, stageInput, channels, adapters: &adapters))
        }
        return Sequential(stages + [
            Flatten(),
            Linear("classifier.0", channels * height * width, 256, generator: &generator), ReLU(),
            Dropout(probability: 0.5, seed: generator.next()),
            Linear("classifier.3", 256, classes, generator: &generator),
        ])
    }

    /// Stage `index` (named `stage<index + 1>`), with an adapter when this architecture trains
    /// adapters (``Architecture/stageAdapters``) or skips the stage.
    private func stage(_ index: Int, _ body: [any Layer], _ inChannels: Int, _ outChannels: Int,
        adapters: inout SeededGenerator) -> ConvStage
    {
        let name = "stage\(index + 1)"
        return ConvStage(
            name, body: body, inChannels: inChannels, outChannels: outChannels,
            withAdapter: stageAdapters || skippedBlocks.contains(name), adapterGenerator: &adapters)
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
