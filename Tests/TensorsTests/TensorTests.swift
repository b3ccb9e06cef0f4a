import Testing
import Tensors

@Test func reshapeKeepsElementsAndRejectsWrongCounts() throws {
    let t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    #expect(try t.reshaped([3, 2]).scalars == t.scalars)
    #expect(throws: TensorError.self) { try t.reshaped([4, 2]) }
}

@Test func checkFiniteNamesTheFirstBadElement() throws {
    let t = Tensor(shape: [4], scalars: [0, 1, .nan, 2])
    let error = try #require(throws: TensorError.self) { try t.checkFinite("input batch") }
    #expect(error.code == .nonFinite)
    #expect(error.message.contains("element 2"))
    #expect(throws: Never.self) { try Tensor(zeros: [3]).checkFinite("zeros") }
}

@Test func copiesAreIndependentValues() {
    var a = Tensor(zeros: [3])
    let b = a
    a[flat: 0] = 5
    #expect(b[flat: 0] == 0)
}

@Test func seededGeneratorIsReproducibleAndStreamsAreIndependent() {
    var g1 = SeededGenerator(seed: 42), g2 = SeededGenerator(seed: 42)
    #expect((0..<5).map { _ in g1.next() } == (0..<5).map { _ in g2.next() })
    var a = SeededGenerator(seed: 42, stream: 0), b = SeededGenerator(seed: 42, stream: 1)
    #expect(a.next() != b.next())
}
