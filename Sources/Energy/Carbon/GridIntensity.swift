/// The carbon intensity of the electricity at a place: grams of CO2-equivalent per kWh.
///
/// Looked up by code (``lookup(_:)``, case-insensitive) in a table generated from the data the
/// CodeCarbon package ships (see `GridIntensityTable.swift` for sources and years):
/// - a country by its ISO 3166 alpha-3 code (`FRA`, `USA`, `IND`), as CodeCarbon names them;
/// - a GCP region (`us-central1`, `europe-west9`) with Google's published value;
/// - an AWS (`eu-west-3`) or Azure (`westeurope`) region with the value of its location
///   (US state, Canadian or Chinese province where CodeCarbon has one, else the country);
/// - a cloud region may be written with its provider (`gcp:us-central1`, `aws:eu-west-3`).
/// ``worldAverage`` (475 g/kWh, code `world`) is the default when no region is given; ``custom(gramsPerKWh:)``
/// takes the figure from the user (`--grid-intensity`).
public struct GridIntensity: Codable, Sendable, Hashable {
    /// The code it was looked up by, in the table's spelling (`FRA`, `us-central1`), `world` or `custom`.
    public var code: String
    /// The cloud provider (`gcp`, `aws`, `azure`), or "" for a country.
    public var cloudProvider: String
    /// The country's ISO 3166 alpha-3 code, or "" for the world average and custom values.
    public var countryISOCode: String
    /// The country's name as CodeCarbon writes it.
    public var countryName: String
    /// The region's location (state or city) for cloud regions, else "".
    public var location: String
    /// Grams of CO2-equivalent emitted per kWh of electricity.
    public var gramsPerKWh: Double

    /// A table row (used by the generated table).
    init(
        _ code: String, _ cloudProvider: String, _ countryISOCode: String, _ countryName: String, _ location: String,
        _ gramsPerKWh: Double
    ) {
        self.code = code
        self.cloudProvider = cloudProvider
        self.countryISOCode = countryISOCode
        self.countryName = countryName
        self.location = location
        self.gramsPerKWh = gramsPerKWh
    }

    /// Whether this is a cloud region rather than a country, the world average or a custom value.
    public var isCloudRegion: Bool { !cloudProvider.isEmpty }

    /// The world average, 475 g CO2eq/kWh (IEA, as CodeCarbon uses it where it has no data).
    public static let worldAverage = GridIntensity("world", "", "", "World", "", worldAverageGramsPerKWh)

    /// Every country and cloud region of the table, countries first (sorted by code), then GCP, AWS and Azure.
    public static var all: [GridIntensity] { table }

    /// A user-given intensity (`--grid-intensity G`).
    ///
    /// - Throws: ``EnergyError/Code/invalidIntensity`` when `gramsPerKWh` is negative or not finite.
    public static func custom(gramsPerKWh: Double) throws(EnergyError) -> GridIntensity {
        guard gramsPerKWh.isFinite, gramsPerKWh >= 0 else {
            throw EnergyError(
                .invalidIntensity,
                "grid intensity \(gramsPerKWh) g/kWh is not valid: give grams of CO2eq per kWh "
                    + "as a number 0 or more (world average 475)")
        }
        return GridIntensity("custom", "", "", "", "", gramsPerKWh)
    }

    /// The country or cloud region with code `code`, ignoring case.
    ///
    /// - Throws: ``EnergyError/Code/unknownRegion`` naming the code and how to find valid ones.
    public static func lookup(_ code: String) throws(EnergyError) -> GridIntensity {
        let wanted = code.lowercased()
        var provider: Substring?
        var region = Substring(wanted)
        if let colon = wanted.firstIndex(of: ":") {
            provider = wanted[..<colon]
            region = wanted[wanted.index(after: colon)...]
        }
        if provider == nil && region == "world" { return worldAverage }
        if let found = table.first(where: { candidate in
            candidate.code.lowercased() == region && (provider.map { $0 == candidate.cloudProvider } ?? true)
        }) {
            return found
        }
        let similar = table.filter { $0.code.lowercased().hasPrefix(region.prefix(2)) }.prefix(6).map(\.code)
        let suggestion = similar.isEmpty ? "" : " (similar: \(similar.joined(separator: ", ")))"
        throw EnergyError(
            .unknownRegion,
            "unknown region '\(code)'\(suggestion): give an ISO 3166 alpha-3 country code (FRA, USA, DEU) "
                + "or a cloud region (GCP us-central1, AWS eu-west-3, Azure westeurope; "
                + "GridIntensity.all lists them), or give the intensity itself with --grid-intensity")
    }
}
