import Cluster
import Testing

struct RoutedMessageTests {
    @Test func routerFramesSplitIntoIdentityAndPayload() throws {
        let message = try RoutedMessage(frames: [[7, 7], [], [1, 2, 3]])
        #expect(message.route == [[7, 7]])
        #expect(message.payload == [1, 2, 3])
        #expect(message.frames == [[7, 7], [], [1, 2, 3]])
    }

    @Test func dealerFramesHaveAnEmptyRoute() throws {
        let message = try RoutedMessage(frames: [[], [9]])
        #expect(message.route.isEmpty)
        #expect(message.payload == [9])
        #expect(RoutedMessage(payload: [9]).frames == [[], [9]])
    }

    @Test(arguments: [[], [[1]], [[1], [2]], [[1], [2], [3]]] as [[[UInt8]]])
    func framesWithoutDelimiterAreRejected(frames: [[UInt8]]) {
        let error = #expect(throws: WireError.self) { try RoutedMessage(frames: frames) }
        #expect(error?.code == .malformedFrames)
        #expect(error?.message.contains("\(frames.count) frame(s)") == true)
    }
}
