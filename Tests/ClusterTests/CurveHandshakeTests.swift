import Cluster
import Logging
import Testing

struct CurveHandshakeTests {
    /// Long enough for a loopback handshake on a busy machine; a test fails instead of hanging.
    private static let patience = Duration.seconds(10)
    private static let logger = Logger(label: "preindex.tests.zap")

    /// A CURVE ROUTER server, to bind.
    private static func makeServer(_ keys: CurveKeyPair, context: ZMQContext) throws -> Socket {
        let server = try Socket(.router, context: context)
        try server.set(.curveServer(true))
        try server.set(.curveSecretKey(keys.secretKey))
        return server
    }

    /// A CURVE DEALER client with `keys`, connected to `endpoint` whose server key is `serverKey`.
    private static func makeClient(
        _ keys: CurveKeyPair, serverKey: CurveKey, endpoint: String, context: ZMQContext
    ) throws -> Socket {
        let client = try Socket(.dealer, context: context)
        try client.set(.curveServerKey(serverKey))
        try client.set(.curvePublicKey(keys.publicKey))
        try client.set(.curveSecretKey(keys.secretKey))
        try client.set(.receiveTimeout(patience))
        try client.connect(to: endpoint)
        return client
    }

    @Test func anAuthorisedClientExchangesMessagesWithACurveServer() throws {
        let context = try ZMQContext()
        let serverKeys = try CurveKeyPair.generate()
        let clientKeys = try CurveKeyPair.generate()
        let handler = try ZAPHandler(
            context: context, authorizedKeys: AuthorizedKeys([clientKeys.publicKey]), logger: Self.logger)
        let server = try Self.makeServer(serverKeys, context: context)
        let endpoint = try server.bind(to: "tcp://127.0.0.1:*")
        try server.set(.receiveTimeout(Self.patience))
        let client = try Self.makeClient(
            clientKeys, serverKey: serverKeys.publicKey, endpoint: endpoint, context: context)

        try client.send(RoutedMessage(payload: [1, 2, 3]).frames)
        let request = try RoutedMessage(frames: server.receive())
        #expect(request.payload == [1, 2, 3])
        try server.send(RoutedMessage(route: request.route, payload: [4, 5]).frames)
        #expect(try RoutedMessage(frames: client.receive()).payload == [4, 5])

        let decisions = handler.recentDecisions
        #expect(decisions.count == 1)
        #expect(decisions.first?.status == .accepted)
        #expect(decisions.first?.mechanism == "CURVE")
        #expect(decisions.first?.address == "127.0.0.1")
        #expect(decisions.first?.publicKey == clientKeys.publicKey)
        #expect(handler.counts == (accepted: 1, refused: 0))
    }

    @Test func aClientWithAnUnknownKeyGetsNothingThroughAndIsRecordedAsRefused() throws {
        let context = try ZMQContext()
        let serverKeys = try CurveKeyPair.generate()
        let authorised = try CurveKeyPair.generate()
        let stranger = try CurveKeyPair.generate()
        let handler = try ZAPHandler(
            context: context, authorizedKeys: AuthorizedKeys([authorised.publicKey]), logger: Self.logger)
        let server = try Self.makeServer(serverKeys, context: context)
        let endpoint = try server.bind(to: "tcp://127.0.0.1:*")
        let client = try Self.makeClient(
            stranger, serverKey: serverKeys.publicKey, endpoint: endpoint, context: context)
        try client.set(.sendTimeout(.milliseconds(200)))
        _ = try? client.send(RoutedMessage(payload: [6, 6, 6]).frames)

        // Wait for the refusal, watching that nothing reaches the server meanwhile.
        let clock = ContinuousClock()
        let deadline = clock.now + Self.patience
        while handler.counts.refused == 0 && clock.now < deadline {
            #expect(try server.receive(timeout: .milliseconds(50)) == nil)
        }
        #expect(try server.receive(timeout: .milliseconds(300)) == nil)
        #expect(try client.receive(timeout: .zero) == nil)

        let refusal = try #require(handler.recentDecisions.first)
        #expect(refusal.status == .refused)
        #expect(refusal.publicKey == stranger.publicKey)
        #expect(refusal.reason.contains(stranger.publicKey.z85))
        #expect(handler.counts.accepted == 0)
    }

    @Test func updatedKeysLetANewClientIn() throws {
        let context = try ZMQContext()
        let serverKeys = try CurveKeyPair.generate()
        let newcomer = try CurveKeyPair.generate()
        let handler = try ZAPHandler(context: context, authorizedKeys: AuthorizedKeys([]), logger: Self.logger)
        handler.update(authorizedKeys: AuthorizedKeys([newcomer.publicKey]))
        #expect(handler.authorizedKeys.contains(newcomer.publicKey))

        let server = try Self.makeServer(serverKeys, context: context)
        let endpoint = try server.bind(to: "tcp://127.0.0.1:*")
        try server.set(.receiveTimeout(Self.patience))
        let client = try Self.makeClient(
            newcomer, serverKey: serverKeys.publicKey, endpoint: endpoint, context: context)
        try client.send(RoutedMessage(payload: [7]).frames)
        #expect(try RoutedMessage(frames: server.receive()).payload == [7])
    }

    @Test func aSecondHandlerOnTheSameContextThrowsAddressInUse() throws {
        let context = try ZMQContext()
        let first = try ZAPHandler(context: context, authorizedKeys: AuthorizedKeys([]), logger: Self.logger)
        #expect(throws: ZMQError.addressInUse) {
            _ = try ZAPHandler(context: context, authorizedKeys: AuthorizedKeys([]), logger: Self.logger)
        }
        first.stop()
        first.stop()
    }

    @Test func theHandlerEndsWhenItsContextShutsDown() throws {
        let context = try ZMQContext()
        let handler = try ZAPHandler(context: context, authorizedKeys: AuthorizedKeys([]), logger: Self.logger)
        context.shutdown()
        handler.stop()  // returns once the thread has closed its sockets
        #expect(throws: ZMQError.contextTerminated) {
            _ = try ZAPHandler(context: context, authorizedKeys: AuthorizedKeys([]), logger: Self.logger)
        }
    }

    @Test func malformedAndNonCurveRequestsAreAnsweredWithoutLettingAnyoneIn() throws {
        let context = try ZMQContext()
        let handler = try ZAPHandler(context: context, authorizedKeys: AuthorizedKeys([]), logger: Self.logger)
        let asker = try Socket(.request, context: context)
        try asker.set(.receiveTimeout(Self.patience))
        try asker.connect(to: ZAPHandler.endpoint)

        func ask(_ frames: [[UInt8]]) throws -> [[UInt8]] {
            try asker.send(frames)
            return try asker.receive()
        }
        let bytes = { (text: String) in Array(text.utf8) }

        let malformed = try ask([bytes("2.0"), bytes("id-1")])
        #expect(malformed.count == 6)
        #expect(malformed[1] == bytes("id-1"))
        #expect(malformed[2] == bytes("500"))

        let plain = try ask([bytes("1.0"), bytes("id-2"), [], bytes("10.0.0.1"), [], bytes("PLAIN"), bytes("u"), bytes("p")])
        #expect(plain[..<3] == [bytes("1.0"), bytes("id-2"), bytes("400")])

        let keyless = try ask([bytes("1.0"), bytes("id-3"), [], bytes("10.0.0.1"), [], bytes("CURVE"), [1, 2]])
        #expect(keyless[2] == bytes("500"))

        #expect(handler.counts == (accepted: 0, refused: 3))
        #expect(handler.recentDecisions.map(\.status) == [.failed, .refused, .failed])
    }
}
