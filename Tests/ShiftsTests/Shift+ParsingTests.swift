import Foundation
import Shifts
import Testing

/// Every type name, as the error messages list them.
private let allTypes = "identity, gaussian, salt-pepper, blur, shot, impulse, frost, brightness, contrast"

struct ShiftParsingTests {
    @Test(arguments: [
        ("gaussian:0.1", ShiftKind.gaussian, 0.1, UInt64(0), "gaussian:0.1"),
        ("salt-pepper:0.05", .saltPepper, 0.05, 0, "salt-pepper:0.05"),
        ("frost:3", .frost, 3, 0, "frost:3"),
        ("blur:1.0@7", .blur, 1, 7, "blur:1@7"),
        ("  Shot:2.5@18446744073709551615 ", .shot, 2.5, UInt64.max, "shot:2.5@18446744073709551615"),
        ("identity", .identity, 0, 0, "identity"),
        ("identity:0@4", .identity, 0, 4, "identity@4"),
        ("brightness:-0.25", .brightness, -0.25, 0, "brightness:-0.25"),
        ("contrast:1e-3", .contrast, 0.001, 0, "contrast:0.001"),
        ("gaussian:-0", .gaussian, 0, 0, "gaussian:0"),
    ])
    func specParsesToItsPartsAndPrintsCanonically(
        spec: String, kind: ShiftKind, level: Double, seed: UInt64, canonical: String
    ) throws {
        let shift = try Shift(parsing: spec)
        #expect(shift.kind == kind && shift.level == level && shift.seed == seed)
        #expect(shift.description == canonical)
        #expect(try Shift(parsing: shift.description) == shift)
    }

    @Test func everyKindRoundTripsThroughItsDescription() throws {
        for kind in ShiftKind.allCases {
            for level in [kind.levelRange.lowerBound, kind.levelRange.upperBound, kind.levelRange.upperBound / 3] {
                let wholeLevel = kind.needsWholeLevel ? level.rounded() : level
                let shift = try Shift(kind: kind, level: wholeLevel, seed: 12345)
                #expect(try Shift(parsing: shift.description) == shift, "\(shift)")
                #expect(Shift(shift.description) == shift)
            }
        }
    }

    @Test(arguments: [
        ("fog:0.1", ShiftError.Code.unknownKind, "unknown shift type 'fog' in 'fog:0.1'; valid types are " + allTypes),
        ("blur:30", .levelOutOfRange, "blur level 30 is out of range 0…10"),
        ("gaussian:1.5", .levelOutOfRange, "gaussian level 1.5 is out of range 0…1"),
        ("gaussian:high", .invalidLevel, "level 'high' in shift 'gaussian:high' is not a number; write gaussian:LEVEL"),
        ("gaussian:nan", .invalidLevel, "level 'nan' in shift 'gaussian:nan' is not a number; write gaussian:LEVEL"),
        ("gaussian:", .invalidLevel, "level '' in shift 'gaussian:' is not a number; write gaussian:LEVEL"),
        ("frost:2.5", .invalidLevel, "frost level 2.5 is not a whole number; frost takes a severity 0…10"),
        ("frost:11", .levelOutOfRange, "frost level 11 is out of range 0…10"),
        ("gaussian", .invalidSpec, "shift 'gaussian' has no level; write gaussian:LEVEL"),
        (
            "blur:1@-3", .invalidSeed,
            "seed '-3' in shift 'blur:1@-3' is not a whole number from 0 to 18446744073709551615"
        ),
        ("blur:1@x", .invalidSeed, "seed 'x' in shift 'blur:1@x' is not a whole number from 0 to 18446744073709551615"),
        ("", .invalidSpec, "the shift spec is empty; write TYPE:LEVEL with TYPE one of " + allTypes),
    ])
    func badSpecGivesAnErrorNamingTheProblem(spec: String, code: ShiftError.Code, message: String) {
        #expect {
            try Shift(parsing: spec)
        } throws: { error in
            let error = error as? ShiftError
            return error?.code == code && error?.message == message
        }
        #expect(Shift(spec) == nil)
    }

    @Test func codableUsesTheSpecString() throws {
        let shifts = [try Shift(parsing: "blur:1.5@9"), try Shift(parsing: "frost:3"), Shift.identity]
        let data = try JSONEncoder().encode(shifts)
        #expect(String(decoding: data, as: UTF8.self) == #"["blur:1.5@9","frost:3","identity"]"#)
        #expect(try JSONDecoder().decode([Shift].self, from: data) == shifts)
    }

    @Test func decodingABadSpecCarriesTheShiftMessage() {
        #expect {
            try JSONDecoder().decode([Shift].self, from: Data(#"["blur:30"]"#.utf8))
        } throws: { error in
            guard case DecodingError.dataCorrupted(let context) = error else { return false }
            return context.debugDescription == "blur level 30 is out of range 0…10"
        }
    }
}
