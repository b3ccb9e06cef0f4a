/// Assigns retrains to worker nodes, one after another, by a ``PlacementStrategy``.
///
/// A node's load is its ``PlanNode/load`` plus the retrains this placer has put on it. The next retrain goes:
/// - ``PlacementStrategy/greenest``: to the node with the lowest ``PlanNode/gramsPerKWh``, then the least
///   loaded, then the first in node order;
/// - ``PlacementStrategy/fastest``: to the node with the most ``PlanNode/threads``, then the least loaded,
///   then the first in node order;
/// - ``PlacementStrategy/spread``: to the nodes in turn, in node order, starting with the first.
///
/// A pure value: ``next`` says where the next retrain would go without placing it, ``place()`` places it.
public struct Placer: Sendable, Hashable {
    /// The nodes, in the order given.
    public let nodes: [PlanNode]
    /// The rule.
    public let strategy: PlacementStrategy
    /// Retrains placed so far per node, in node order.
    public private(set) var placed: [Int]
    private var turns = 0

    /// A placer over `nodes`, none placed yet.
    ///
    /// - Throws: ``FleetError/Code/noNodes`` without nodes; ``FleetError/Code/invalidNode`` for a node out of
    ///   range (``PlanNode/validate()``) or a name given twice.
    public init(nodes: [PlanNode], strategy: PlacementStrategy) throws(FleetError) {
        guard !nodes.isEmpty else {
            throw FleetError(.noNodes, "there is no live worker node to place retrains on; start a worker and try again")
        }
        var names: Set<String> = []
        for node in nodes {
            try node.validate()
            guard names.insert(node.node).inserted else {
                throw FleetError(.invalidNode, "node \(node.node) is listed twice; give each node once")
            }
        }
        self.nodes = nodes
        self.strategy = strategy
        placed = Array(repeating: 0, count: nodes.count)
    }

    /// The node the next retrain would go to.
    public var next: PlanNode { nodes[nextIndex] }

    /// Places the next retrain and returns its node.
    public mutating func place() -> PlanNode {
        let index = nextIndex
        placed[index] += 1
        turns += 1
        return nodes[index]
    }

    private var nextIndex: Int {
        func load(_ i: Int) -> Int { nodes[i].load + placed[i] }
        switch strategy {
        case .greenest:
            return nodes.indices.min { (nodes[$0].gramsPerKWh, load($0), $0) < (nodes[$1].gramsPerKWh, load($1), $1) }!
        case .fastest:
            return nodes.indices.min { (-nodes[$0].threads, load($0), $0) < (-nodes[$1].threads, load($1), $1) }!
        case .spread:
            return turns % nodes.count
        }
    }
}
