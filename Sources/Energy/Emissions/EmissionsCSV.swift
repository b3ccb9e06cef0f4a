/// `emissions.csv`: CodeCarbon 3.x's columns, in its order, then ours (`node`, `task`, `method`).
///
/// A CodeCarbon user's notebooks read the file unchanged: the first 38 columns are those of
/// CodeCarbon 3.3.2's `EmissionsData` (checked against CodeCarbon itself by the tests), in the
/// same units. Fields are quoted as Python's `csv` module does by default (only when they hold a
/// comma, a quote or a line break). Appending to an existing file keeps its single header.
public enum EmissionsCSV {
    /// CodeCarbon 3.x's columns, in its order.
    public static let codecarbonColumns = [
        "timestamp", "project_name", "run_id", "experiment_id", "duration", "emissions", "emissions_rate",
        "cpu_power", "gpu_power", "ram_power", "cpu_energy", "gpu_energy", "ram_energy", "energy_consumed",
        "water_consumed", "country_name", "country_iso_code", "region", "cloud_provider", "cloud_region", "os",
        "python_version", "codecarbon_version", "cpu_count", "cpu_model", "gpu_count", "gpu_model", "longitude",
        "latitude", "ram_total_size", "tracking_mode", "cpu_utilization_percent", "gpu_utilization_percent",
        "ram_utilization_percent", "ram_used_gb", "on_cloud", "pue", "wue",
    ]

    /// Our columns, after CodeCarbon's: the node, the task and the energy method.
    public static let ownColumns = ["node", "task", "method"]

    /// Every column, CodeCarbon's then ours.
    public static var columns: [String] { codecarbonColumns + ownColumns }

    /// The header line, with its line break.
    public static var header: String { line(columns) }

    /// One record's line, with its line break.
    public static func line(_ record: EmissionsRecord) -> String { line(record.fields) }

    /// The whole file for `records`: the header, then one line per record.
    public static func text(_ records: [EmissionsRecord]) -> String {
        header + records.map(line).joined()
    }

    /// Appends `records` to the file at `path`, writing the header first when the file is new or empty.
    ///
    /// - Throws: ``EnergyError/Code/csvHeaderMismatch`` when the file exists with another header
    ///   (another CodeCarbon version's, or not an emissions file): nothing is written;
    ///   ``EnergyError/Code/writeFailed`` when the file cannot be read or written.
    public static func append(_ records: [EmissionsRecord], to path: String) throws(EnergyError) {
        var text = records.map(line).joined()
        if let size = SystemFiles.size(path), size > 0 {
            let existing: String
            do {
                existing = try SystemFiles.readText(path)
            } catch {
                throw EnergyError(.writeFailed, "cannot append emissions: \(error.message)")
            }
            let firstLine = existing.prefix { $0 != "\n" && $0 != "\r\n" }
            guard firstLine + "\n" == header else {
                throw EnergyError(
                    .csvHeaderMismatch,
                    "'\(path)' has another header ('\(firstLine.prefix(60))…'); expected CodeCarbon 3.x's columns "
                        + "then node, task, method: write to a new file")
            }
            if !existing.hasSuffix("\n") { text = "\n" + text }
        } else {
            text = header + text
        }
        do {
            try SystemFiles.append(text, to: path)
        } catch {
            throw EnergyError(.writeFailed, "cannot append emissions: \(error.message)")
        }
    }

    /// `fields` joined by commas, quoted where needed, with a line break.
    private static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\n"
    }

    /// `field`, in double quotes with inner quotes doubled when it holds a comma, quote or line break.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
            return field
        }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
