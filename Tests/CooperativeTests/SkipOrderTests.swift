import Cooperative
import Networks
import Testing

private let mini = ["layer1.0", "layer2.0", "layer3.0"]
private let eighteen = ["layer1.0", "layer1.1", "layer2.0", "layer2.1", "layer3.0", "layer3.1", "layer4.0", "layer4.1"]

@Test func deepestFirstKeepsTheShallowestBlocks() {
    #expect(SkipOrder.deepestFirst.skippedBlocks(depth: 2, of: mini) == ["layer3.0"])
    #expect(SkipOrder.deepestFirst.skippedBlocks(depth: 1, of: mini) == ["layer2.0", "layer3.0"])
    #expect(SkipOrder.deepestFirst.skippedBlocks(depth: 3, of: mini) == [])
}

@Test func interleavedCoversOtherPathsThanDeepestFirst() {
    #expect(SkipOrder.interleaved.skippedBlocks(depth: 2, of: mini) == ["layer2.0"])
    #expect(SkipOrder.interleaved.skippedBlocks(depth: 1, of: mini) == ["layer1.0", "layer2.0"])
    // resnet18 at depth 4: the first (downsampling) block of each stage.
    #expect(SkipOrder.interleaved.skippedBlocks(depth: 4, of: eighteen) == ["layer1.1", "layer2.1", "layer3.1", "layer4.1"])
    for depth in 1..<eighteen.count {
        #expect(
            SkipOrder.interleaved.skippedBlocks(depth: depth, of: eighteen)
                != SkipOrder.deepestFirst.skippedBlocks(depth: depth, of: eighteen))
    }
}

@Test(arguments: SkipOrder.allCases)
func subnetworksOfOneOrderAreNested(order: SkipOrder) {
    for depth in 1...eighteen.count {
        let deeper = Set(order.skippedBlocks(depth: depth, of: eighteen))
        let shallower = Set(order.skippedBlocks(depth: depth - 1, of: eighteen))
        #expect(deeper.isSubset(of: shallower))
        #expect(shallower.count == eighteen.count - depth + 1)
    }
}
