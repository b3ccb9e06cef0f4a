/// The endpoints the cluster commands use unless told otherwise: loopback, so that a plain coordinator runs as is.
enum ClusterEndpoints {
    /// Where the coordinator serves workers.
    static let workers = "tcp://127.0.0.1:5555"
    /// Where the coordinator serves clients.
    static let clients = "tcp://127.0.0.1:5556"
}
