import Foundation
import GRDB

// Worker nodes: registered on Hello, seen again on each heartbeat.

extension ClusterDatabase {
    /// Stores `node` as it introduced itself, replacing what was known of a node with the same identifier.
    public func registerNode(_ node: NodeRecord) throws(StoreError) {
        if node.threads < 0 {
            throw StoreError.malformed("node \(node.id)", "says it runs \(node.threads) threads; expected 0 or more")
        }
        try write("registering node \(node.id)") { db in try node.upsert(db) }
    }

    /// Records that `node` was heard from at `now`; its method of measuring energy too, when given.
    ///
    /// - Throws: ``StoreError/Code/unknownNode`` when the node never registered: it must say hello first.
    public func recordHeartbeat(node: String, method: String? = nil, now: Date = Date()) throws(StoreError) {
        try write("recording a heartbeat of node \(node)") { db in
            var assignments = [NodeRecord.Columns.lastSeen.set(to: now)]
            if let method { assignments.append(NodeRecord.Columns.method.set(to: method)) }
            let updated = try NodeRecord.filter(key: node).updateAll(db, assignments)
            if updated == 0 {
                throw StoreError(.unknownNode, "node \(node) sent a heartbeat but never said hello to the coordinator")
            }
        }
    }

    /// Every node that registered, by identifier.
    public func nodes() throws(StoreError) -> [NodeRecord] {
        try read("listing nodes") { db in try NodeRecord.order(NodeRecord.Columns.id).fetchAll(db) }
    }
}
