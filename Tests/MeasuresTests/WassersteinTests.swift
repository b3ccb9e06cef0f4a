import Measures
import Tensors
import Testing

@Test func wassersteinDistanceDoesNotDependOnTheOrderOfTheSupport() {
    var generator = SeededGenerator(seed: 3)
    let u = (0..<40).map { Double($0) * 0.25 + Double(generator.nextUnit()) * 0.1 }
    let v = (0..<24).map { Double($0) * 0.4 - 1 + Double(generator.nextUnit()) * 0.2 }
    let uWeights = u.map { _ in Double(generator.nextUnit()) }, vWeights = v.map { _ in Double(generator.nextUnit()) }
    let sorted = Wasserstein.distance(u, weights: uWeights, v, weights: vWeights)
    let shuffledU = generator.permutation(of: u.count), shuffledV = generator.permutation(of: v.count)
    let shuffled = Wasserstein.distance(
        shuffledU.map { u[$0] }, weights: shuffledU.map { uWeights[$0] }, shuffledV.map { v[$0] },
        weights: shuffledV.map { vWeights[$0] })
    #expect(sorted > 0)
    #expect(abs(sorted - shuffled) <= 1e-12 * sorted)
}
