import Cooperative
import Networks
import Testing
import Tensors

private let resnet18Depths = [7, 6, 5, 4, 3, 2, 1]

/// How often each depth is drawn over `steps` draws of `count`.
private func frequencies(_ draw: SubnetworkDraw, count: Int, steps: Int) -> [Int: Int] {
    var generator = SeededGenerator(seed: 3)
    var drawn: [Int: Int] = [:]
    for _ in 0..<steps {
        let depths = draw.draw(count, of: resnet18Depths, fullDepth: 8, using: &generator)
        #expect(depths.count == count && Set(depths).count == count && depths == depths.sorted(by: >))
        for depth in depths { drawn[depth, default: 0] += 1 }
    }
    return drawn
}

@Test func uniformDrawGivesEveryDepthTheSameShare() {
    let drawn = frequencies(.uniform, count: 2, steps: 7_000)
    // Expected 2,000 each; the binomial standard deviation is about 38.
    #expect(resnet18Depths.allSatisfy { abs(drawn[$0, default: 0] - 2_000) < 200 }, "\(drawn)")
}

@Test func drawingBySkippedBlocksFavoursTheShallowestSubnetworks() {
    let drawn = frequencies(.bySkippedBlocks, count: 2, steps: 7_000)
    // Depth d skips 8 − d blocks: the first draw alone gives depth 1 a 7/28 chance, depth 7 1/28.
    #expect(zip(resnet18Depths, resnet18Depths.dropFirst()).allSatisfy { drawn[$0.0, default: 0] < drawn[$0.1, default: 0] }, "\(drawn)")
    #expect(drawn[1, default: 0] > 3 * drawn[7, default: 0], "\(drawn)")
    #expect(drawn[1, default: 0] > 2_000 * 3 / 2, "depth 1 drawn in \(drawn[1, default: 0]) of 7,000 steps")
}

@Test func drawingAsManyAsThereAreTrainsEverySubnetwork() {
    var generator = SeededGenerator(seed: 1)
    for draw in SubnetworkDraw.allCases {
        #expect(draw.draw(7, of: resnet18Depths, fullDepth: 8, using: &generator) == resnet18Depths)
        #expect(draw.draw(9, of: resnet18Depths, fullDepth: 8, using: &generator) == resnet18Depths)
    }
}

@Test func sameSeedDrawsTheSameSubnetworks() {
    for draw in SubnetworkDraw.allCases {
        var first = SeededGenerator(seed: 11), second = SeededGenerator(seed: 11)
        let a = (0..<50).map { _ in draw.draw(3, of: resnet18Depths, fullDepth: 8, using: &first) }
        let b = (0..<50).map { _ in draw.draw(3, of: resnet18Depths, fullDepth: 8, using: &second) }
        #expect(a == b)
    }
}

@Test func resnet18DefaultsToTheMeasuredRateAndThreeSubnetworksPerStep() {
    let resnet18 = CooperativeDefaults.measured(for: .resnet18)
    #expect(resnet18.sgdLearningRate == 0.01)
    #expect(resnet18.subnetworksPerStep == 3)
    #expect(resnet18.summary == "learning rate 0.01, 3 sub-networks of each Teammate per step")
    for name in [Architecture.Name.resnetMini, .cnn, .vggMini] {
        #expect(CooperativeDefaults.measured(for: name) == CooperativeDefaults(), "\(name)")
        #expect(CooperativeDefaults.measured(for: name).summary == nil)
    }
}
