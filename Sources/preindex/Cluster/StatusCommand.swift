import ArgumentParser
import Cluster
import Foundation
import Reports

extension Preindex {
    struct StatusCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Progress of one job or of all jobs, and the energy each node used.",
            discussion: """
                Workers are listed with their host, region, compute threads, state (idle, busy, draining, or lost: \
                silent for three heartbeats), the tasks they run and how long ago the coordinator heard from them.
                """)

        @Argument(help: "The job (default: every job).")
        var job: String?

        @Flag(help: "Print the status as JSON.")
        var json = false

        @OptionGroup var client: ClientOptions
        @OptionGroup var global: GlobalOptions

        struct Report: Encodable {
            struct Worker: Encodable {
                var node, host, region: String
                var threads: UInt32
                var state: String
                var tasks: [String]
                var secondsSinceHeard: Double
            }
            struct Job: Encodable {
                var job: String
                var total, queued, running, done, failed: UInt32
                var percentDone: Double
            }
            struct Node: Encodable {
                var node, region, method: String
                var joules, kilowattHours, kilogramsCO2eq: Double
            }
            var workers: [Worker]
            var jobs: [Job]
            var nodes: [Node]
        }

        func run() throws {
            _ = global.makeLogger()
            let status = try client.makeClient(context: try ZMQContext()).status(jobID: job ?? "")
            let report = Self.report(status)
            if json {
                try JSONOutput.print(report)
                return
            }
            print(Self.rendered(report))
        }

        /// The status reply as the report `--json` prints.
        static func report(_ status: Wire.Status) -> Report {
            Report(
                workers: status.workers.map {
                    .init(
                        node: $0.nodeID, host: $0.host, region: $0.region, threads: $0.threads,
                        state: $0.state.description, tasks: $0.taskIDs, secondsSinceHeard: $0.secondsSinceHeard)
                },
                jobs: status.jobs.map {
                    .init(
                        job: $0.jobID, total: $0.total, queued: $0.queued, running: $0.running, done: $0.done,
                        failed: $0.failed, percentDone: $0.total == 0 ? 100 : Double($0.done) / Double($0.total) * 100)
                },
                nodes: status.energy.map { energy in
                    let kWh = energy.joules / EnergyUnits.joulesPerKilowattHour
                    return .init(
                        node: energy.nodeID, region: energy.region.isEmpty ? "–" : energy.region, method: energy.method,
                        joules: energy.joules, kilowattHours: kWh, kilogramsCO2eq: kWh * energy.gridIntensity / 1000)
                })
        }

        /// The report as text: the worker table, the jobs, and the energy per node, each table only when not empty.
        static func rendered(_ report: Report) -> String {
            var sections: [String] = []
            if report.workers.isEmpty {
                sections.append("no workers connected")
            } else {
                var workers = TextTable(header: ["worker", "host", "region", "threads", "state", "tasks", "heard"])
                for worker in report.workers {
                    workers.rows.append([
                        worker.node, worker.host.isEmpty ? "–" : worker.host, worker.region.isEmpty ? "–" : worker.region,
                        "\(worker.threads)", worker.state, taskList(worker.tasks),
                        String(format: "%.1fs ago", worker.secondsSinceHeard),
                    ])
                }
                sections.append(workers.rendered)
            }
            var jobs = TextTable(header: ["job", "done", "tasks", "%", "running", "queued", "failed"])
            for job in report.jobs {
                jobs.rows.append([
                    job.job, "\(job.done)", "\(job.total)", String(format: "%.0f%%", job.percentDone), "\(job.running)",
                    "\(job.queued)", "\(job.failed)",
                ])
            }
            sections.append(report.jobs.isEmpty ? "no jobs" : jobs.rendered)
            if !report.nodes.isEmpty {
                var nodes = TextTable(header: ["node", "region", "method", "kWh", "kg CO2eq"])
                for node in report.nodes {
                    nodes.rows.append([
                        node.node, node.region, node.method, String(format: "%.4g", node.kilowattHours),
                        String(format: "%.4g", node.kilogramsCO2eq),
                    ])
                }
                sections.append(nodes.rendered)
            }
            return sections.joined(separator: "\n\n")
        }

        /// Task identifiers for a table cell: up to three, then how many more.
        private static func taskList(_ tasks: [String]) -> String {
            guard !tasks.isEmpty else { return "–" }
            let shown = tasks.prefix(3).joined(separator: ",")
            return tasks.count > 3 ? shown + " +\(tasks.count - 3)" : shown
        }
    }
}
