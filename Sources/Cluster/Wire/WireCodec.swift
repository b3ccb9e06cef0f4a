// The Wire codec: the only files that import PreIndexWire, the protobuf-c code generated from
// Protos/preindex/v1. They convert between the Swift values of `Wire` and the C messages, and between
// C messages and bytes:
//
// - Wire+Encoding.swift: `Wire.Envelope.encoded()`, Swift values → C message tree → bytes.
// - WireArena.swift: `Arena`, the C memory an encoding builds its message tree in.
// - Wire+Decoding.swift: `Wire.Envelope.init(decoding:)`, bytes → C message tree → Swift values, with
//   the checks protobuf-c leaves out.
// - This file: the numbers of the generated C enums that public types (`Wire.WorkerInfo.State`,
//   `Wire.ErrorReply.Code`) mirror, so their files need not import PreIndexWire.

// CProtobufC is imported for its `link "protobuf-c"`: the generated C code calls the runtime, and a
// Swift import is what makes the linker add the library.
import CProtobufC
import PreIndexWire

/// The numbers of `preindex.v1.WorkerState`, from the generated C enum.
enum WorkerStateNumber {
    static let unspecified = PREINDEX__V1__WORKER_STATE__WORKER_STATE_UNSPECIFIED.rawValue
    static let idle = PREINDEX__V1__WORKER_STATE__WORKER_STATE_IDLE.rawValue
    static let busy = PREINDEX__V1__WORKER_STATE__WORKER_STATE_BUSY.rawValue
    static let draining = PREINDEX__V1__WORKER_STATE__WORKER_STATE_DRAINING.rawValue
    static let lost = PREINDEX__V1__WORKER_STATE__WORKER_STATE_LOST.rawValue
}

/// The numbers of `preindex.v1.ErrorCode`, from the generated C enum.
enum ErrorCodeNumber {
    static let unspecified = PREINDEX__V1__ERROR_CODE__ERROR_CODE_UNSPECIFIED.rawValue
    static let malformed = PREINDEX__V1__ERROR_CODE__ERROR_CODE_MALFORMED.rawValue
    static let unsupportedVersion = PREINDEX__V1__ERROR_CODE__ERROR_CODE_UNSUPPORTED_VERSION.rawValue
    static let tooLarge = PREINDEX__V1__ERROR_CODE__ERROR_CODE_TOO_LARGE.rawValue
    static let notFound = PREINDEX__V1__ERROR_CODE__ERROR_CODE_NOT_FOUND.rawValue
    static let rejected = PREINDEX__V1__ERROR_CODE__ERROR_CODE_REJECTED.rawValue
    static let `internal` = PREINDEX__V1__ERROR_CODE__ERROR_CODE_INTERNAL.rawValue
}
