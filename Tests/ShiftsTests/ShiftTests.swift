import Shifts
import Testing

struct ShiftTests {
    @Test func everyKindAcceptsItsWholeRangeAndZero() throws {
        for kind in ShiftKind.allCases {
            for level in [kind.levelRange.lowerBound, 0, kind.levelRange.upperBound] {
                let shift = try Shift(kind: kind, level: level, seed: 3)
                #expect(shift.kind == kind && shift.level == level && shift.seed == 3)
            }
        }
    }

    @Test func levelOutsideTheRangeIsRejectedWithTheRangeInTheMessage() {
        #expect {
            try Shift(kind: .blur, level: 30)
        } throws: { error in
            let error = error as? ShiftError
            return error?.code == .levelOutOfRange && error?.message == "blur level 30 is out of range 0…10"
        }
        #expect(throws: ShiftError.self) { try Shift(kind: .gaussian, level: -0.1) }
        #expect(throws: ShiftError.self) { try Shift(kind: .identity, level: 1) }
        #expect(throws: ShiftError.self) { try Shift(kind: .brightness, level: 1.5) }
    }

    @Test func nonFiniteLevelsAreRejected() {
        for level in [Double.nan, .infinity, -.infinity] {
            #expect { try Shift(kind: .gaussian, level: level) } throws: { ($0 as? ShiftError)?.code == .invalidLevel }
        }
    }

    @Test func frostNeedsAWholeSeverity() {
        #expect {
            try Shift(kind: .frost, level: 2.5)
        } throws: { error in
            let error = error as? ShiftError
            return error?.code == .invalidLevel && error?.message.contains("2.5 is not a whole number") == true
        }
    }

    @Test func levelZeroAndIdentityAreIdentity() throws {
        #expect(Shift.identity.isIdentity)
        for kind in ShiftKind.allCases { #expect(try Shift(kind: kind, level: 0).isIdentity) }
        #expect(try !Shift(kind: .blur, level: 0.5).isIdentity)
    }
}
