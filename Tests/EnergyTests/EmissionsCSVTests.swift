import Energy
import Foundation
import TestSupport
import Testing

struct EmissionsCSVTests {
    private func record(task: String = "resnet-mini, gaussian:0.2", pue: Double = 1.2) throws -> EmissionsRecord {
        let machine = MachineInfo(
            cpuModel: "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", logicalCPUs: 4, sockets: 1,
            totalMemoryBytes: 16 * 1_073_741_824, operatingSystem: "Linux-6.8.0-x86_64")
        let reading = EnergyReading(
            method: .cpuModel, cpuJoules: 720, ramJoules: 36, wallSeconds: 10, cpuSeconds: 18, residentGiB: 2)
        return EmissionsRecord(
            timestamp: 1_700_000_000, projectName: "preindex", runID: "run-7", reading: reading,
            carbon: try CarbonAccounting(intensity: GridIntensity.lookup("FRA"), pue: pue), machine: machine,
            node: "node-1", task: task)
    }

    @Test func headerIsCodeCarbonsColumnsThenOurs() {
        #expect(
            EmissionsCSV.header
                == "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
                + "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,country_name,"
                + "country_iso_code,region,cloud_provider,cloud_region,os,python_version,codecarbon_version,cpu_count,"
                + "cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,tracking_mode,"
                + "cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,ram_used_gb,on_cloud,pue,"
                + "wue,node,task,method\n")
    }

    @Test func aRowHoldsCodeCarbonsUnitsWithThePUEApplied() throws {
        let line = EmissionsCSV.line(try record())
        // 756 J = 0.00021 kWh over 10 s at 56.039 g/kWh (France) and PUE 1.2; 18 CPU s of 4 × 10 s = 45 %.
        #expect(
            line
                == "2023-11-14T22:13:20,preindex,run-7,,10.0,1.4121828e-05,1.4121828e-06,86.39999999999999,0.0,4.32,"
                + "0.00024,0.0,1.2e-05,0.000252,0.0,France,FRA,,,,Linux-6.8.0-x86_64,,,4,"
                + "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz,0,,,,16.0,process,45.0,0.0,12.5,2.0,N,1.2,0,"
                + "node-1,\"resnet-mini, gaussian:0.2\",cpu-model\n")
    }

    @Test func appendingToAnExistingFileKeepsOneHeader() throws {
        let path = temporaryPath("emissions.csv")
        defer { removeFile(path) }
        try EmissionsCSV.append([try record(task: "a")], to: path)
        try EmissionsCSV.append([try record(task: "b"), try record(task: "c")], to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == EmissionsCSV.text([try record(task: "a"), try record(task: "b"), try record(task: "c")]))
        #expect(text.components(separatedBy: "timestamp,").count == 2)
    }

    @Test func appendingToAFileWithAnotherHeaderIsRefused() throws {
        let path = temporaryPath("other.csv")
        defer { removeFile(path) }
        try "timestamp,project_name,duration\n1,2,3\n".write(toFile: path, atomically: false, encoding: .utf8)
        let error = try #require(throws: EnergyError.self) { try EmissionsCSV.append([try record()], to: path) }
        #expect(error.code == .csvHeaderMismatch)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "timestamp,project_name,duration\n1,2,3\n")
    }

    @Test func anEmptyFileGetsTheHeader() throws {
        let path = temporaryPath("empty.csv")
        defer { removeFile(path) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        try EmissionsCSV.append([try record()], to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == EmissionsCSV.text([try record()]))
    }

    @Test func anUnwritablePathIsAnError() throws {
        let error = try #require(throws: EnergyError.self) {
            try EmissionsCSV.append([try record()], to: "/nonexistent/folder/emissions.csv")
        }
        #expect(error.code == .writeFailed)
        #expect(error.message.contains("/nonexistent/folder/emissions.csv"))
    }

    @Test func raplReadingsTrackTheMachineAndCloudRegionsSayOnCloud() throws {
        var cloud = try record()
        cloud.carbon = try CarbonAccounting(intensity: GridIntensity.lookup("us-central1"))
        cloud.reading.method = .rapl
        let fields = Dictionary(uniqueKeysWithValues: zip(EmissionsCSV.columns, cloud.fields))
        let column = { (name: String) in fields[name] ?? "missing" }
        #expect(column("cloud_provider") == "gcp" && column("cloud_region") == "us-central1")
        #expect(column("region") == "Iowa" && column("on_cloud") == "Y" && column("country_iso_code") == "USA")
        #expect(
            EmissionsRecord(
                timestamp: 0, projectName: "", runID: "", reading: .zero(.rapl), carbon: cloud.carbon,
                machine: cloud.machine,
                node: "", task: ""
            ).trackingMode == "machine")
    }
}
