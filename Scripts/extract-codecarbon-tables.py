#!/usr/bin/env python3
"""Extract CodeCarbon's CPU power table and grid carbon intensities into Swift sources.

Usage:  pip install codecarbon==3.3.2 && python3 Scripts/extract-codecarbon-tables.py

Writes (both generated, committed; do not edit by hand):
  Sources/Energy/CodeCarbon/CPUPowerData.swift   every row of codecarbon/data/hardware/cpu_power.csv
  Sources/Energy/Carbon/GridIntensityTable.swift  g CO2eq/kWh per country and per cloud region

Every intensity is computed by CodeCarbon's own code (``codecarbon.core.emissions.Emissions``) on
CodeCarbon's shipped data, so a region's figure is the one CodeCarbon would use there:
  * countries: ``Emissions.get_country_emissions`` on data/private_infra/global_energy_mix.json;
  * GCP regions: ``Emissions.get_cloud_emissions`` on data/cloud/impact.csv (Google's published values);
  * AWS and Azure regions: CodeCarbon 3 ignores these providers ("do not publish electricity carbon
    intensity. Using country value instead") and uses the location of the machine, with US state,
    Canadian province and Chinese province figures where it has them. We give each region the
    location its provider documents (the table below) and ask ``Emissions.get_private_infra_emissions``
    for that location's value.
The world average is ``world_average`` of data/private_infra/carbon_intensity_per_source.json.
"""

import os
import sys

import codecarbon
from codecarbon.core.emissions import Emissions
from codecarbon.core.units import Energy
from codecarbon.external.geography import CloudMetadata, GeoMetadata
from codecarbon.input import DataSource

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CPU_OUT = os.path.join(ROOT, "Sources/Energy/CodeCarbon/CPUPowerData.swift")
GRID_OUT = os.path.join(ROOT, "Sources/Energy/Carbon/GridIntensityTable.swift")

# Region code -> (ISO 3166 alpha-3 country, CodeCarbon region name or None, location), from each
# provider's published list of region locations.
AWS_REGIONS = {
    "us-east-1": ("USA", "virginia", "Virginia"),
    "us-east-2": ("USA", "ohio", "Ohio"),
    "us-west-1": ("USA", "california", "California"),
    "us-west-2": ("USA", "oregon", "Oregon"),
    "ca-central-1": ("CAN", "quebec", "Montreal"),
    "ca-west-1": ("CAN", "alberta", "Calgary"),
    "sa-east-1": ("BRA", None, "Sao Paulo"),
    "eu-west-1": ("IRL", None, "Dublin"),
    "eu-west-2": ("GBR", None, "London"),
    "eu-west-3": ("FRA", None, "Paris"),
    "eu-central-1": ("DEU", None, "Frankfurt"),
    "eu-central-2": ("CHE", None, "Zurich"),
    "eu-south-1": ("ITA", None, "Milan"),
    "eu-south-2": ("ESP", None, "Aragon"),
    "eu-north-1": ("SWE", None, "Stockholm"),
    "il-central-1": ("ISR", None, "Tel Aviv"),
    "me-south-1": ("BHR", None, "Bahrain"),
    "me-central-1": ("ARE", None, "United Arab Emirates"),
    "af-south-1": ("ZAF", None, "Cape Town"),
    "ap-east-1": ("HKG", None, "Hong Kong"),
    "ap-south-1": ("IND", None, "Mumbai"),
    "ap-south-2": ("IND", None, "Hyderabad"),
    "ap-southeast-1": ("SGP", None, "Singapore"),
    "ap-southeast-2": ("AUS", None, "Sydney"),
    "ap-southeast-3": ("IDN", None, "Jakarta"),
    "ap-southeast-4": ("AUS", None, "Melbourne"),
    "ap-northeast-1": ("JPN", None, "Tokyo"),
    "ap-northeast-2": ("KOR", None, "Seoul"),
    "ap-northeast-3": ("JPN", None, "Osaka"),
    "cn-north-1": ("CHN", "beijing", "Beijing"),
    "cn-northwest-1": ("CHN", "ningxia", "Ningxia"),
}
AZURE_REGIONS = {
    "eastus": ("USA", "virginia", "Virginia"),
    "eastus2": ("USA", "virginia", "Virginia"),
    "centralus": ("USA", "iowa", "Iowa"),
    "northcentralus": ("USA", "illinois", "Illinois"),
    "southcentralus": ("USA", "texas", "Texas"),
    "westus": ("USA", "california", "California"),
    "westus2": ("USA", "washington", "Washington"),
    "westus3": ("USA", "arizona", "Arizona"),
    "westcentralus": ("USA", "wyoming", "Wyoming"),
    "canadacentral": ("CAN", "ontario", "Toronto"),
    "canadaeast": ("CAN", "quebec", "Quebec City"),
    "brazilsouth": ("BRA", None, "Sao Paulo State"),
    "northeurope": ("IRL", None, "Ireland"),
    "westeurope": ("NLD", None, "Netherlands"),
    "uksouth": ("GBR", None, "London"),
    "ukwest": ("GBR", None, "Cardiff"),
    "francecentral": ("FRA", None, "Paris"),
    "germanywestcentral": ("DEU", None, "Frankfurt"),
    "swedencentral": ("SWE", None, "Gavle"),
    "norwayeast": ("NOR", None, "Oslo"),
    "switzerlandnorth": ("CHE", None, "Zurich"),
    "polandcentral": ("POL", None, "Warsaw"),
    "italynorth": ("ITA", None, "Milan"),
    "eastasia": ("HKG", None, "Hong Kong"),
    "southeastasia": ("SGP", None, "Singapore"),
    "japaneast": ("JPN", None, "Tokyo, Saitama"),
    "japanwest": ("JPN", None, "Osaka"),
    "koreacentral": ("KOR", None, "Seoul"),
    "australiaeast": ("AUS", None, "New South Wales"),
    "australiasoutheast": ("AUS", None, "Victoria"),
    "centralindia": ("IND", None, "Pune"),
    "southindia": ("IND", None, "Chennai"),
    "southafricanorth": ("ZAF", None, "Johannesburg"),
    "uaenorth": ("ARE", None, "Dubai"),
    "qatarcentral": ("QAT", None, "Doha"),
}


def swift_string(text):
    """A Swift string literal body for `text`: quotes and backslashes escaped, non-ASCII as \\u{...}."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        else:
            out.append("\\u{%X}" % ord(ch))
    return "".join(out)


def write(path, text):
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    print(f"wrote {os.path.relpath(path, ROOT)}")


def cpu_power_source():
    frame = DataSource().get_cpu_power_data()
    lines = []
    for name, tdp in zip(frame["Name"], frame["TDP"]):
        name, tdp = str(name), str(tdp)
        assert "|" not in name and "\n" not in name and "|" not in tdp, name
        lines.append(f"{swift_string(name)}|{swift_string(tdp)}")
    body = "\n".join(lines)
    return f'''// Generated by Scripts/extract-codecarbon-tables.py from codecarbon {codecarbon.__version__}
// (PyPI, MIT licence): codecarbon/data/hardware/cpu_power.csv. Do not edit by hand.
//
// One CPU per line, `name|TDP in watts`, in the file's order (CodeCarbon's matcher depends on
// it). The TDP is kept as written: four rows hold text that is not a number (`27.29.5`), and
// CodeCarbon cannot use them either. {len(lines)} rows.

/// CodeCarbon's CPU thermal design power table, `name|watts` per line (see the file header).
let codeCarbonCPUPowerRows = """
{body}
"""
'''


def grams_per_kwh(kilograms_for_one_kwh):
    """g/kWh from CodeCarbon's kg for 1 kWh, rounded to 9 decimals to drop the noise of its x 0.001."""
    return kilograms_for_one_kwh * 1000.0


def grid_rows():
    source = DataSource()
    emissions = Emissions(source)
    one_kwh = Energy.from_energy(1.0)
    mix = source.get_global_energy_mix_data()
    rows = []
    for iso in sorted(mix):
        entry = mix[iso]
        geo = GeoMetadata(country_iso_code=iso, country_name=entry["country_name"])
        grams = grams_per_kwh(emissions.get_country_emissions(one_kwh, geo))
        rows.append(dict(code=iso, provider="", country=iso, country_name=entry["country_name"],
                         location="", grams=grams, raw=entry.get("carbon_intensity"),
                         year=entry.get("year")))
    cloud = source.get_cloud_emissions_data()
    for record in cloud.to_dict("records"):
        provider = record["provider"].strip()
        assert provider == "gcp", provider
        region = record["region"]
        meta = CloudMetadata(provider=provider, region=region)
        grams = grams_per_kwh(emissions.get_cloud_emissions(one_kwh, meta))
        state = record["state"] if isinstance(record["state"], str) else ""
        city = record["city"] if isinstance(record["city"], str) else ""
        rows.append(dict(code=region, provider="gcp", country=record["countryIsoCode"],
                         country_name=record["country_name"], location=state or city, grams=grams))
    for provider, table in (("aws", AWS_REGIONS), ("azure", AZURE_REGIONS)):
        for code, (iso, region, location) in table.items():
            assert iso in mix, (code, iso)
            geo = GeoMetadata(country_iso_code=iso, country_name=mix[iso]["country_name"], region=region)
            grams = grams_per_kwh(emissions.get_private_infra_emissions(one_kwh, geo))
            rows.append(dict(code=code, provider=provider, country=iso,
                             country_name=mix[iso]["country_name"], location=location, grams=grams))
    codes = [row["code"].lower() for row in rows]
    assert len(codes) == len(set(codes)), "region codes must be unique ignoring case"
    world = source.get_carbon_intensity_per_source_data()["world_average"]
    return rows, float(world)


def grid_source():
    rows, world = grid_rows()
    years = sorted({row["year"] for row in rows if row.get("year")})
    entries = []
    for row in rows:
        entries.append(
            f'        .init("{swift_string(row["code"])}", "{row["provider"]}", "{row["country"]}", '
            f'"{swift_string(row["country_name"])}", "{swift_string(row["location"])}", {round(row["grams"], 9)!r}),'
        )
    body = "\n".join(entries)
    return f'''// Generated by Scripts/extract-codecarbon-tables.py from codecarbon {codecarbon.__version__}
// (PyPI, MIT licence). Do not edit by hand.
//
// Sources, as CodeCarbon ships and cites them:
// - Countries (ISO 3166 alpha-3): codecarbon/data/private_infra/global_energy_mix.json, the
//   per-country electricity mix and carbon intensity of Our World in Data's energy dataset
//   (https://github.com/owid/energy-data), compiled from Ember's electricity data and the Energy
//   Institute's Statistical Review of World Energy; data years {", ".join(map(str, years))}.
// - GCP regions: codecarbon/data/cloud/impact.csv, Google's published grid intensity per region
//   (https://cloud.google.com/sustainability/region-carbon).
// - AWS and Azure regions: the value CodeCarbon 3 uses on a machine at the region's documented
//   location (these providers publish no intensity): the country's value, or the US state's
//   (EPA eGRID2023), Canadian province's or Chinese province's value that CodeCarbon ships.
// - World average: {world:g} g/kWh, `world_average` of carbon_intensity_per_source.json (IEA).
// Each value is what `codecarbon.core.emissions.Emissions` computes for 1 kWh, times 1000, to 9 decimals.

extension GridIntensity {{
    /// The world average CodeCarbon uses when it has no data for a place: {world:g} g CO2eq/kWh (IEA).
    static let worldAverageGramsPerKWh: Double = {world!r}

    /// Every country and cloud region with its grid intensity (see the file header for sources).
    static let table: [GridIntensity] = [
{body}
    ]
}}
'''


def main():
    if codecarbon.__version__.split(".")[0] != "3":
        sys.exit(f"expected codecarbon 3.x, found {codecarbon.__version__}")
    write(CPU_OUT, cpu_power_source())
    write(GRID_OUT, grid_source())


if __name__ == "__main__":
    main()
