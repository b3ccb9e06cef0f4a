/// The cluster's wire protocol: the messages of `Protos/preindex/v1` as Swift values.
///
/// Every ZeroMQ message between cluster processes carries one ``Envelope`` encoded with protobuf
/// (``Envelope/encoded()``, ``Envelope/init(decoding:)``). The types here mirror the `.proto` files
/// one to one, field for field; the protobuf-c code generated from them stays inside this module.
public enum Wire {
    /// The protocol version this build speaks; an envelope with any other version is rejected.
    public static let protocolVersion: UInt32 = 1

    /// The largest encoded envelope, in bytes, that is sent or accepted (16 MiB).
    ///
    /// Artifacts larger than this travel in several ``ArtifactChunk``s or ``ArtifactUpload``s.
    public static let maximumMessageSize = 16 << 20
}
