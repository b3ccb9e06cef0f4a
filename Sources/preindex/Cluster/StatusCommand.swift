import ArgumentParser
import Cluster
import Foundation
import Reports

extension Preindex {
    struct StatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Progress of one job or of all jobs, and the energy each node used.")

        @Argument(help: "The job (default: every job).")
        var job: String?

        @Flag(help: "Print the status as JSON.")
        var json = false

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        struct Report: Encodable {
            struct Job: Encodable {
                var job: String
                var total, queued, running, done, failed: UInt32
            }
            struct Node: Encodable {
                var node, region, method: String
                var kilowattHours, kilogramsCO2eq: Double
            }
            var jobs: [Job]
            var nodes: [Node]
        }

        func run() throws {
            _ = global.makeLogger()
            let status = try client.makeClient(context: try ZMQContext()).status(jobID: job ?? "")
            let report = Report(
                jobs: status.jobs.map {
                    .init(job: $0.jobID, total: $0.total, queued: $0.queued, running: $0.running, done: $0.done, failed: $0.failed)
                },
                nodes: status.energy.map { energy in
                    let kWh = energy.joules / EnergyUnits.joulesPerKilowattHour
                    return .init(
                        node: energy.nodeID, region: energy.region.isEmpty ? "–" : energy.region, method: energy.method,
                        kilowattHours: kWh, kilogramsCO2eq: kWh * energy.gridIntensity / 1000)
                })
            if json {
                try JSONOutput.print(report)
                return
            }
            var jobs = TextTable(header: ["job", "tasks", "done", "running", "queued", "failed"])
            for job in report.jobs {
                jobs.rows.append([job.job, "\(job.total)", "\(job.done)", "\(job.running)", "\(job.queued)", "\(job.failed)"])
            }
            print(jobs.rendered)
            guard !report.nodes.isEmpty else { return }
            var nodes = TextTable(header: ["node", "region", "method", "kWh", "kg CO2eq"])
            for node in report.nodes {
                nodes.rows.append([
                    node.node, node.region, node.method, String(format: "%.4g", node.kilowattHours),
                    String(format: "%.4g", node.kilogramsCO2eq),
                ])
            }
            print("")
            print(nodes.rendered)
        }
    }
}
