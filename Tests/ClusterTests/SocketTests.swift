import Cluster
import Testing

struct SocketTests {
    /// Long enough for loopback delivery on a busy machine; a test fails instead of hanging.
    private static let patience = Duration.seconds(10)

    @Test(arguments: ["tcp://127.0.0.1:*", "inproc://router-dealer-loopback"])
    func routerAndDealerExchangeEnvelopesWithIdentityFrames(endpoint: String) throws {
        let context = try ZMQContext()
        let router = try Socket(.router, context: context)
        try router.set(.receiveTimeout(Self.patience))
        try router.set(.routerMandatory(true))
        try router.set(.maximumMessageSize(Wire.maximumMessageSize + 1024))
        let bound = try router.bind(to: endpoint)

        let worker = Array("worker-1".utf8)
        let dealer = try Socket(.dealer, context: context)
        try dealer.set(.routingID(worker))
        try dealer.set(.receiveTimeout(Self.patience))
        try dealer.set(.linger(.zero))
        try dealer.connect(to: bound)

        let hello = Wire.Envelope(.hello(.init(nodeID: "n1", threads: 8, region: "DE", softwareVersion: "0.1")))
        try dealer.send(RoutedMessage(payload: hello.encoded()).frames)

        let frames = try router.receive()
        #expect(frames.count == 3)
        let request = try RoutedMessage(frames: frames)
        #expect(request.route == [worker])
        #expect(try Wire.Envelope(decoding: request.payload) == hello)

        let assign = Wire.Envelope(.assign(.init(taskID: "t1", attempt: 1, taskJSON: [1, 2], leaseMilliseconds: 5)))
        try router.send(RoutedMessage(route: request.route, payload: assign.encoded()).frames)

        let reply = try RoutedMessage(frames: dealer.receive())
        #expect(reply.route.isEmpty)
        #expect(try Wire.Envelope(decoding: reply.payload) == assign)
    }

    @Test func bindToAnyPortReportsThePortChosen() throws {
        let context = try ZMQContext()
        let router = try Socket(.router, context: context)
        let endpoint = try router.bind(to: "tcp://127.0.0.1:*")
        let port = Int(endpoint.split(separator: ":").last ?? "")
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(port.map { $0 > 0 && $0 < 65536 } == true, "\(endpoint)")
    }

    @Test func bindingATakenEndpointThrowsAddressInUse() throws {
        let context = try ZMQContext()
        let first = try Socket(.router, context: context)
        let endpoint = try first.bind(to: "tcp://127.0.0.1:*")
        let second = try Socket(.router, context: context)
        #expect(throws: ZMQError.addressInUse) { try second.bind(to: endpoint) }
    }

    @Test func malformedEndpointThrows() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        #expect(throws: ZMQError.self) { try socket.connect(to: "not an endpoint") }
        #expect(throws: ZMQError.protocolNotSupported) { try socket.connect(to: "carrier-pigeon://coop") }
    }

    @Test func receiveWithTimeoutReturnsNilWhenNothingArrives() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        _ = try socket.bind(to: "inproc://silent")
        let clock = ContinuousClock()
        let start = clock.now
        #expect(try socket.receive(timeout: .milliseconds(50)) == nil)
        #expect(clock.now - start >= .milliseconds(45))
        #expect(try socket.receive(timeout: .zero) == nil)
    }

    @Test func blockingReceivePastReceiveTimeoutThrowsAgain() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        try socket.set(.receiveTimeout(.milliseconds(30)))
        #expect(throws: ZMQError.again) { try socket.receive() }
    }

    @Test func trySendWithoutPeerReportsWouldBlock() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        #expect(try socket.trySend([[1, 2, 3]]) == false)
    }

    @Test func blockingSendPastSendTimeoutThrowsAgain() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        try socket.set(.sendTimeout(.milliseconds(30)))
        #expect(throws: ZMQError.again) { try socket.send([[1]]) }
    }

    @Test func mandatoryRouterThrowsHostUnreachableForUnknownIdentity() throws {
        let context = try ZMQContext()
        let router = try Socket(.router, context: context)
        try router.set(.routerMandatory(true))
        _ = try router.bind(to: "inproc://lonely-router")
        #expect(throws: ZMQError.hostUnreachable) {
            try router.send(RoutedMessage(route: [Array("nobody".utf8)], payload: [1]).frames)
        }
    }

    @Test func shutdownContextMakesReceiveThrowContextTerminated() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        context.shutdown()
        #expect(throws: ZMQError.contextTerminated) { try socket.receive() }
    }

    @Test func pollReportsOnlyTheSocketWithAMessage() throws {
        let context = try ZMQContext()
        let quietServer = try Socket(.pair, context: context)
        _ = try quietServer.bind(to: "inproc://quiet")
        let busyServer = try Socket(.pair, context: context)
        _ = try busyServer.bind(to: "inproc://busy")
        let client = try Socket(.pair, context: context)
        try client.connect(to: "inproc://busy")
        try client.send([[], [42]])

        let items = [quietServer.pollItem(.readable), busyServer.pollItem(.readable)]
        let found = try Socket.poll(items, timeout: Self.patience)
        #expect(found == [[], .readable])
        #expect(try busyServer.receive(timeout: .zero) == [[], [42]])
        #expect(try Socket.poll(items, timeout: .milliseconds(10)) == [[], []])
    }

    @Test func invalidRoutingIDThrowsInvalidArgument() throws {
        let context = try ZMQContext()
        let socket = try Socket(.dealer, context: context)
        #expect(throws: ZMQError.invalidArgument) { try socket.set(.routingID([])) }
    }

    @Test func errorsDescribeThemselvesWithLibzmqMessages() {
        #expect(ZMQError.again.description.contains("Resource temporarily unavailable"))
        #expect(ZMQError.contextTerminated.description.contains("Context was terminated"))
        #expect(ZMQError.hostUnreachable.description.contains("unreachable"))
    }

    @Test func errorsMatchNamedValuesInCatchClauses() {
        let thrown: any Error = ZMQError.again
        #expect(ZMQError.again ~= thrown)
        #expect(!(ZMQError.contextTerminated ~= thrown))
    }

    @Test func linkedLibzmqSupportsCurve() {
        #expect(ZMQContext.supportsCurve, "libzmq was built without CURVE; the cluster cannot encrypt")
    }
}
