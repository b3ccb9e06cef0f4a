import Cluster
import Foundation
import Tensors
import Testing

/// The coordinator's `GET /metrics`: Prometheus' text format, numbers that agree with `preindex status`, and an
/// HTTP endpoint no input can break.
struct MetricsEndpointTests: ServiceFixtures {
    /// A coordinator serving metrics on a free loopback port, with `workers` workers of regions DE, FR, … that
    /// report 2.5 J per task, after running a job of `tasks` no-op tasks.
    private func finishedCluster(
        _ name: String, tasks: Int, workers: Int = 2
    ) throws -> (ClusterDatabase, ZMQContext, Coordinator, [Worker]) {
        let database = try ClusterDatabase.inMemory()
        let submission = try submitNoopJob(tasks, to: database)
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: database, endpoint: "inproc://metrics-\(name)", context: context, configuration: fastCoordinator,
            metrics: try MetricsEndpoint(address: "127.0.0.1:*"), logger: quietLogger)
        let regions = ["DE", "FR", "PL"]
        let started = try (0..<workers).map { index in
            let node = "m\(index + 1)"
            let region = regions[index % regions.count]
            return try Worker(
                nodeID: node, endpoint: coordinator.endpoint, context: context,
                configuration: .init(threads: 1, prefetch: 1, region: region, heartbeatInterval: .milliseconds(100)),
                logger: quietLogger
            ) { _ in
                ResultPayload(
                    json: Array("{}".utf8),
                    energy: Wire.EnergyReport(
                        nodeID: node, method: "test", joules: 2.5, cpuSeconds: 0.1, wallSeconds: 0.1, region: region,
                        gridIntensity: 100))
            }
        }
        #expect(try jobFinishes(submission.jobID, in: database))
        return (database, context, coordinator, started)
    }

    @Test func metricsAfterAJobMatchTheStatusReply() throws {
        // Given a coordinator with metrics on, after a job of 6 tasks ran on two workers
        let (_, context, coordinator, workers) = try finishedCluster("match", tasks: 6)
        defer {
            for worker in workers { worker.stop() }
            coordinator.stop()
        }
        let endpoint = try #require(coordinator.metricsEndpoint)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        let client = try ClusterClient(endpoint: coordinator.clientEndpoint, context: context, timeout: .seconds(10))

        // When /metrics is fetched over HTTP, and the status asked for
        let answer = try HTTPTestClient(endpoint: endpoint).get("/metrics")
        let status = try client.status()

        // Then it is a 200 in the exposition format whose numbers are the status reply's
        #expect(answer.status == 200, "\(String(decoding: answer.bytes, as: UTF8.self))")
        #expect(answer.closed)
        #expect(String(decoding: answer.bytes, as: UTF8.self).contains("Content-Type: text/plain; version=0.0.4"))
        let metrics = try PrometheusExposition(answer.body)
        for (state, count) in [
            ("done", \Wire.JobProgress.done), ("queued", \.queued), ("running", \.running), ("failed", \.failed),
        ] {
            #expect(
                metrics.value("preindex_tasks", ["state": state]) == Double(status.jobs.map { $0[keyPath: count] }.reduce(0, +)),
                "state \(state)")
        }
        #expect(metrics.value("preindex_tasks", ["state": "done"]) == 6)
        #expect(metrics.value("preindex_workers_alive") == 2)
        #expect(metrics.value("preindex_workers_alive") == Double(status.workers.filter { $0.state != .lost }.count))
        #expect(metrics.value("preindex_workers", ["state": "idle"]) == 2)
        #expect(metrics.value("preindex_workers", ["state": "lost"]) == 0)
        #expect(!status.energy.isEmpty)
        for report in status.energy {
            #expect(metrics.value("preindex_energy_joules", ["node": report.nodeID]) == report.joules, "\(report.nodeID)")
        }
        #expect(metrics.value("preindex_task_duration_seconds_count", ["kind": "noop"]) == 6)
        #expect(metrics.value("preindex_task_duration_seconds_bucket", ["kind": "noop", "le": "+Inf"]) == 6)
        let buckets = metrics.samples.filter { $0.name == "preindex_task_duration_seconds_bucket" }.map(\.value)
        #expect(buckets.count >= 2 && zip(buckets, buckets.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(answer.body.contains("# TYPE preindex_tasks gauge"))
        #expect(answer.body.contains("# TYPE preindex_task_duration_seconds histogram"))
    }

    @Test func everyExpositionLineIsACommentOrASample() throws {
        // Given the metrics of a coordinator after a job
        let (_, _, coordinator, workers) = try finishedCluster("lines", tasks: 3, workers: 1)
        defer {
            for worker in workers { worker.stop() }
            coordinator.stop()
        }

        // When the body is read line by line
        let body = try HTTPTestClient(endpoint: try #require(coordinator.metricsEndpoint)).get("/metrics").body
        let lines = body.split(separator: "\n")

        // Then each line is `# HELP`/`# TYPE` or `name{labels} value`, every metric named preindex_…
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { !$0.hasPrefix("#") || $0.hasPrefix("# HELP ") || $0.hasPrefix("# TYPE ") })
        let samples = try PrometheusExposition(body).samples
        #expect(samples.count == lines.filter { !$0.hasPrefix("#") }.count)
        #expect(samples.allSatisfy { $0.name.hasPrefix("preindex_") && $0.value.isFinite })
        #expect(
            Set(samples.map(\.name)).isSuperset(of: [
                "preindex_tasks", "preindex_workers_alive", "preindex_workers", "preindex_energy_joules",
                "preindex_task_duration_seconds_bucket", "preindex_task_duration_seconds_sum",
                "preindex_task_duration_seconds_count",
            ]))
    }

    @Test func badHTTPInputGetsAnErrorAndNeverStopsTheEndpoint() throws {
        // Given a coordinator serving metrics
        let (_, context, coordinator, workers) = try finishedCluster("garbage", tasks: 1, workers: 1)
        defer {
            for worker in workers { worker.stop() }
            coordinator.stop()
        }
        let http = try HTTPTestClient(endpoint: try #require(coordinator.metricsEndpoint))
        var generator = SeededGenerator(seed: 8)
        let random = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }

        // When it is sent random bytes, a half request, a huge head, another method and other paths
        let garbage = try http.exchange(random.filter { $0 != UInt8(ascii: "\n") } + Array("\r\n\r\n".utf8))
        let half = try http.exchange(Array("GET /metr".utf8), deadline: .milliseconds(300))
        let endless = try http.exchange(random.filter { $0 != UInt8(ascii: "\n") }, deadline: .milliseconds(300))
        let huge = try http.exchange(
            Array("GET /metrics HTTP/1.1\r\nX-Padding: \(String(repeating: "a", count: 20_000))\r\n\r\n".utf8))
        let post = try http.exchange(Array("POST /metrics HTTP/1.1\r\nContent-Length: 2\r\n\r\n{}".utf8))
        let elsewhere = try http.get("/")
        let query = try http.get("/metrics?debug=1")
        let version = try http.exchange(Array("GET /metrics HTTP/2.0\r\n\r\n".utf8))

        // Then each gets its error, the unfinished ones wait, and metrics are still served, as is the cluster
        #expect(garbage.status == 400 && garbage.closed)
        #expect(!half.closed && half.bytes.isEmpty)
        #expect(!endless.closed && endless.bytes.isEmpty)
        #expect(huge.status == 431 && huge.closed)
        #expect(post.status == 405 && post.closed)
        #expect(String(decoding: post.bytes, as: UTF8.self).contains("Allow: GET"))
        #expect(elsewhere.status == 404 && elsewhere.body.contains("/metrics"))
        #expect(query.status == 200)
        #expect(version.status == 400)
        #expect(try http.get("/metrics").status == 200)
        let client = try ClusterClient(endpoint: coordinator.clientEndpoint, context: context, timeout: .seconds(10))
        #expect(try client.status().jobs.count == 1)
    }

    @Test func metricsNeedHostAndPortAndOnANonLoopbackAddressInsecure() throws {
        #expect(throws: MetricsEndpointError.self) { try MetricsEndpoint(address: "0.0.0.0:9464") }
        for malformed in ["nonsense", ":9464", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:70000", "127.0.0.1:0"] {
            #expect(throws: MetricsEndpointError.self, "\(malformed)") { try MetricsEndpoint(address: malformed) }
        }
        #expect(try MetricsEndpoint(address: "tcp://127.0.0.1:*").endpoint == "tcp://127.0.0.1:*")
        #expect(try MetricsEndpoint(address: "0.0.0.0:9464", allowingRemoteScrapers: true).endpoint == "tcp://0.0.0.0:9464")
        #expect(try MetricsEndpoint(address: "127.0.0.1:9464").endpoint == "tcp://127.0.0.1:9464")
        #expect(try MetricsEndpoint(address: "localhost:9464").endpoint == "tcp://localhost:9464")
    }

    @Test func aCoordinatorWithoutMetricsServesNone() throws {
        let context = try ZMQContext()
        let coordinator = try Coordinator(
            database: try ClusterDatabase.inMemory(), endpoint: "inproc://metrics-off", context: context,
            logger: quietLogger)
        defer { coordinator.stop() }
        #expect(coordinator.metricsEndpoint == nil)
    }
}
