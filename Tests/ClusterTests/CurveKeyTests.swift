import Cluster
import Foundation
import Testing

struct CurveKeyTests {
    /// The server key pair of libzmq's `zmq_curve` manual page.
    private static let manualPublicKey = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
    private static let manualSecretKey = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"

    @Test func generatedPairsAreDistinctAndTheirPublicKeyFollowsFromTheSecret() throws {
        let first = try CurveKeyPair.generate()
        let second = try CurveKeyPair.generate()
        #expect(first != second)
        #expect(first.publicKey.bytes.count == 32 && first.secretKey.bytes.count == 32)
        #expect(try CurveKeyPair(secretKey: first.secretKey) == first)
    }

    @Test func thePublicKeyOfTheManualsSecretKeyIsTheManualsPublicKey() throws {
        let pair = try CurveKeyPair(secretKey: CurveKey(z85: Self.manualSecretKey))
        #expect(pair.publicKey.z85 == Self.manualPublicKey)
        #expect(pair.secretKey.z85 == Self.manualSecretKey)
    }

    @Test func z85TextRoundTripsThroughBytes() throws {
        let key = try CurveKey(z85: "  \(Self.manualPublicKey)\r\n")
        #expect(try CurveKey(bytes: key.bytes) == key)
        #expect(try CurveKey(z85: key.z85) == key)
    }

    @Test(arguments: [
        ("", "0 characters"),
        ("HelloWorld", "10 characters"),
        (manualPublicKey + "x", "41 characters"),
        ("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf\"", "outside Z85"),
        ("rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf,", "outside Z85"),
        ("%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%", "outside Z85"),  // each group above 2^32 - 1
    ])
    func textThatIsNotAKeyThrowsMalformedKey(text: String, explanation: String) {
        #expect {
            try CurveKey(z85: text, source: "the test key")
        } throws: { error in
            let error = error as? CurveKeyError
            return error?.code == .malformedKey && error?.message.hasPrefix("the test key is not a CURVE key") == true
                && error?.message.contains(explanation) == true
        }
    }

    @Test func bytesOfTheWrongLengthThrowMalformedKey() {
        #expect(throws: CurveKeyError.self) { try CurveKey(bytes: [1, 2, 3]) }
    }
}
