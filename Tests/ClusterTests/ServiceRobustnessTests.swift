import Cluster
import Foundation
import Testing

struct ServiceRobustnessTests: ServiceFixtures {
    /// Sends `frames` from `client` and returns the Error the coordinator answers with.
    private func errorReply(to frames: [[UInt8]], from client: borrowing Socket) throws -> Wire.ErrorReply? {
        try client.send(frames)
        let reply = try Wire.Envelope(decoding: RoutedMessage(frames: client.receive()).payload)
        guard case .error(let error) = reply.body else { return nil }
        return error
    }

    @Test func badMessagesGetErrorRepliesAndTheCoordinatorKeepsServing() throws {
        // Given a coordinator and a raw DEALER connected to it
        let database = try ClusterDatabase.inMemory()
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "tcp://127.0.0.1:*", context: context, logger: quietLogger)
        let client = try Socket(.dealer, context: context)
        try client.set(.receiveTimeout(patience))
        try client.connect(to: coordinator.endpoint)

        // When it sends a frame without delimiter, bytes that are no envelope, another protocol version,
        // a Ready before Hello and a message meant for workers
        let noDelimiter = try errorReply(to: [[0xDE, 0xAD]], from: client)
        let garbage = try errorReply(to: [[], [0xFF, 0xFF, 0xFF, 0xFF, 0x01]], from: client)
        let hello = Wire.Hello(nodeID: "raw", threads: 1, region: "DE", softwareVersion: "test")
        let future = try errorReply(
            to: [[], Wire.Envelope(.hello(hello), protocolVersion: Wire.protocolVersion + 1).encoded()], from: client)
        let early = try errorReply(to: [[], Wire.Envelope(.ready(.init(freeSlots: 1))).encoded()], from: client)
        let assign = Wire.Assign(taskID: "1", attempt: 1, taskJSON: [], leaseMilliseconds: 1)
        let unexpected = try errorReply(to: [[], Wire.Envelope(.assign(assign)).encoded()], from: client)

        // Then each gets an Error saying what was wrong
        #expect(noDelimiter?.code == .malformed)
        #expect(garbage?.code == .malformed)
        #expect(future?.code == .unsupportedVersion)
        #expect(early?.code == .rejected)
        #expect(unexpected?.code == .rejected)
        #expect(unexpected?.message.contains("Assign") == true)

        // And a worker joining afterwards still gets a job done
        let submission = try submitNoopJob(20, to: database)
        let worker = try Worker(
            nodeID: "w1", endpoint: coordinator.endpoint, context: context, logger: quietLogger)
        let finished = try jobFinishes(submission.jobID, in: database)
        worker.stop()
        coordinator.stop()
        #expect(finished)
        #expect(try database.results(ofJob: submission.jobID).count == 20)
    }

    @Test func aWorkerDeclaredDeadJoinsAgainWhenTold() throws {
        // Given a coordinator that forgot a worker: the raw DEALER said Hello, then fell silent past the limit
        let database = try ClusterDatabase.inMemory()
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://service-rejoin", context: context, configuration: fastCoordinator,
            logger: quietLogger)
        let client = try Socket(.dealer, context: context)
        try client.set(.receiveTimeout(patience))
        try client.connect(to: coordinator.endpoint)
        let hello = Wire.Hello(nodeID: "raw", threads: 1, region: "DE", softwareVersion: "test")
        try client.send([[], Wire.Envelope(.hello(hello)).encoded()])
        // It is sent heartbeats, then nothing once it is dead: wait for a silence of a second.
        while try client.receive(timeout: .seconds(1)) != nil {}

        // When it sends a heartbeat
        let reply = try errorReply(to: [[], Wire.Envelope(.heartbeat(.init(sequence: 1))).encoded()], from: client)
        coordinator.stop()

        // Then it is told to say Hello again
        #expect(reply?.code == .rejected)
        #expect(reply?.message.contains("Hello") == true)
    }
}
