import Fleet
import Foundation
import Reports
import Testing

@Test func membersNamedModelAtDepthFormOneTradeOffDeepestFirst() throws {
    var members = try [4, 2, 3].map { depth in
        var member = try FleetFixtures.member("coop@\(depth).safetensors")
        member.megaFLOPs = Double(depth) * 1.5
        return member
    }
    members.append(try FleetFixtures.member("plain.safetensors"))
    members.append(try FleetFixtures.member("lonely@1"))
    let ranking = try Ranking(members: members, nodes: FleetFixtures.nodes)

    let tradeOffs = ranking.depthTradeOffs
    #expect(tradeOffs.count == 1, "a family needs two depths; other names are no family")
    let coop = try #require(tradeOffs.first)
    #expect(coop.family == "coop")
    #expect(coop.points.map(\.depth) == [4, 3, 2])
    #expect(coop.points.map(\.megaFLOPs) == [6, 4.5, 3])
    let deepest = try #require(coop.points.first)
    #expect(deepest.member == "coop@4.safetensors" && deepest.shifts == 3)
    let clean = try #require(deepest.cleanAccuracy), shifted = try #require(deepest.shiftedAccuracy)
    #expect(abs(clean - 0.9) < 1e-12 && abs(shifted - 0.8) < 1e-12)
    let estimates = ranking.rows.filter { $0.model == deepest.member }.compactMap { $0.kilowattHours?.value }
    let meanKWh = try #require(deepest.meanRetrainKilowattHours)
    #expect(abs(meanKWh - estimates.reduce(0, +) / Double(estimates.count)) < 1e-15)

    let text = DepthTradeOffTable.render(ranking)
    #expect(text.contains("Depths of coop") && text.contains("90%") && text.contains("4.5"))
}

@Test func depthNamesAreParsedOnlyWhenTheyEndInANonNegativeInteger() {
    #expect(DepthTradeOff.parse(member: "resnet-mini@3")! == ("resnet-mini", 3))
    #expect(DepthTradeOff.parse(member: "a@b@12.safetensors")! == ("a@b", 12))
    #expect(DepthTradeOff.parse(member: "model.safetensors") == nil)
    #expect(DepthTradeOff.parse(member: "@3") == nil)
    #expect(DepthTradeOff.parse(member: "m@x") == nil)
    #expect(DepthTradeOff.parse(member: "m@-1") == nil)
}
