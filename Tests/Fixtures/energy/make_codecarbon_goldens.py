#!/usr/bin/env python3
"""Golden values for the `codecarbon` energy method, computed by CodeCarbon's own code.

Usage:  pip install codecarbon==3.3.2 && python3 Tests/Fixtures/energy/make_codecarbon_goldens.py
Writes Tests/Fixtures/energy/codecarbon_goldens.json, read by Tests/EnergyTests/CodeCarbonGoldenTests.swift.

Nothing here re-implements CodeCarbon's rules. For each case the script runs CodeCarbon's setup and
measurement code on fixed inputs, with only the machine probes replaced:
  * CPU model string  -> `detect_cpu_model` (what py-cpuinfo would read from /proc/cpuinfo)
  * logical CPU count -> `count_cpus`; socket count -> the tracker's `cpu_physical_count`
  * RAPL, Raspberry Pi -> absent (the case the `codecarbon` method reproduces)
  * psutil -> available (CPU load mode, "process" tracking) or unavailable (constant mode)
  * process CPU time and wall clock -> `_get_process_cpu_times` and `time.time` at start and stop
  * memory -> the RAM object's `process_memory_GB` (process mode) or `machine_memory_GB` (machine)
The TDP lookup is `codecarbon.core.cpu.TDP`, the CPU setup `ResourceTracker.set_CPU_tracking`, the
power and energy `CPU.measure_power_and_energy` and `RAM.measure_power_and_energy`.
"""

import json
import os
import types
from unittest import mock

import codecarbon
from codecarbon.core import cpu as cpu_module
from codecarbon.core.emissions import Emissions
from codecarbon.core.resource_tracker import ResourceTracker
from codecarbon.core.units import Energy
from codecarbon.external import hardware as hardware_module
from codecarbon.external.geography import CloudMetadata, GeoMetadata
from codecarbon.external.ram import RAM
from codecarbon.input import DataSource
from codecarbon.output_methods.emissions_data import EmissionsData

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "codecarbon_goldens.json")
PID = os.getpid()

# CPU model strings as /proc/cpuinfo shows them, plus edge cases.
REAL_MODELS = [
    "Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz",
    "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
    "Intel(R) Xeon(R) CPU E5-2686 v4 @ 2.30GHz",
    "Intel(R) Xeon(R) CPU @ 2.20GHz",
    "Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz",
    "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz",
    "11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz",
    "AMD EPYC 7763 64-Core Processor",
    "AMD EPYC 7B13",
    "AMD EPYC",
    "AMD Ryzen 9 5950X 16-Core Processor",
    "AMD Ryzen 7 PRO 4750U with Radeon Graphics",
    "AMD Ryzen 5 6600HS",
    "Intel Atom E625CT",
    "Intel Celeron 1200",
    "QEMU Virtual CPU version 2.5+",
    "Common KVM processor",
    "Some Unknown CPU 9000",
    "Apple M2",
    "",
]

# (model, sockets, logical CPUs, CPU seconds, wall seconds, memory GiB, psutil?, forced CPU watts)
ESTIMATES = [
    ("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", 2, 80, 120.5, 60.0, 3.2, True, None),
    ("Intel(R) Xeon(R) Gold 6148 CPU @ 2.40GHz", 2, 80, 120.5, 60.0, 192.0, False, None),
    ("AMD EPYC 7763 64-Core Processor", 1, 128, 900.0, 10.0, 40.0, True, None),
    ("AMD EPYC 7763 64-Core Processor", 1, 128, 900.0, 10.0, 512.0, False, None),
    ("AMD EPYC", 1, 2, 7.25, 4.0, 0.8, True, None),
    ("AMD EPYC", 1, 2, 7.25, 4.0, 23.54, False, None),
    ("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz", 1, 16, 3.0, 3.5, 12.0, True, None),
    ("Intel(R) Core(TM) i7-10700K CPU @ 3.80GHz", 1, 16, 3.0, 3.5, 64.0, False, None),
    ("Some Unknown CPU 9000", 2, 24, 50.0, 25.0, 30.0, True, None),
    ("Some Unknown CPU 9000", 2, 24, 50.0, 25.0, 96.0, False, None),
    ("", 1, 8, 10.0, 10.0, 1.5, True, None),
    ("", 1, 8, 10.0, 10.0, 16.0, False, None),
    ("AMD Ryzen 9 5950X 16-Core Processor", 1, 32, 0.0, 2.0, 0.2, True, None),
    ("AMD Ryzen 9 5950X 16-Core Processor", 1, 32, 31.0, 2.0, 1000.0, False, None),
    ("AMD EPYC 7B13", 1, 4, 13.0, 7.0, 6.0, True, 42.0),
    ("AMD EPYC 7B13", 1, 4, 13.0, 7.0, 6.0, False, 42.0),
]

RAM_SIZES = [0.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 20.0, 32.0, 33.0, 64.0, 100.0, 128.0, 129.0, 200.0,
             256.0, 500.0, 768.0, 1024.0, 2048.0, 4096.0, 8192.0]

CARBON = [("FRA", 1.5, 1.0), ("usa", 0.02, 1.2), ("DEU", 12.0, 1.58), ("us-central1", 3.0, 1.1),
          ("europe-west9", 0.5, 1.0), ("XYZ", 1.0, 1.0)]


def cpu_match_cases():
    names = list(DataSource().get_cpu_power_data()["Name"])
    cases = list(REAL_MODELS)
    for index, name in enumerate(names):
        cases.append(name)
        if index % 7 == 0:
            tokens = name.split()
            cases.append(f"{name} CPU @ 2.40GHz")
            cases.append(name.upper().replace("INTEL ", "Intel(R) "))
            cases.append(" ".join(tokens[:2]))
            cases.append(" ".join(tokens[1:]) + " Processor")
    seen, unique = set(), []
    for case in cases:
        if case not in seen:
            seen.add(case)
            unique.append(case)
    return unique


def match(model):
    tdp = cpu_module.TDP.__new__(cpu_module.TDP)
    frame = DataSource().get_cpu_power_data()
    name = tdp._get_matching_cpu(model, frame)
    watts = None
    if name is not None:
        try:
            watts = tdp._get_cpu_constant_power(name, frame)
        except ValueError:
            watts = None
    return {"model": model, "match": name, "tdp": watts}


def estimate(model, sockets, threads, cpu_seconds, wall, memory_gib, psutil_ok, forced):
    tracker = types.SimpleNamespace(
        _conf={"cpu_physical_count": sockets}, _force_cpu_power=forced, _tracking_mode="process" if psutil_ok else "machine",
        _output_dir=".", _hardware=[], _rapl_include_dram=False, _rapl_prefer_psys=False,
    )
    with mock.patch.object(cpu_module, "detect_cpu_model", return_value=model), \
            mock.patch.object(cpu_module, "count_cpus", return_value=threads), \
            mock.patch.object(hardware_module, "count_cpus", return_value=threads), \
            mock.patch.object(cpu_module, "is_psutil_available", return_value=psutil_ok), \
            mock.patch.object(cpu_module, "is_rapl_available", return_value=False), \
            mock.patch.object(cpu_module, "is_raspberry", return_value=False), \
            mock.patch("codecarbon.core.resource_tracker.is_linux_os", return_value=True), \
            mock.patch("codecarbon.core.resource_tracker.get_cached_tdp", side_effect=lambda module: module.TDP()):
        resources = ResourceTracker(tracker)
        resources.set_CPU_tracking()
        cpu = tracker._hardware[-1]
        with mock.patch.object(cpu, "_get_process_cpu_times", return_value={PID: 1000.0}), \
                mock.patch("time.time", return_value=5000.0):
            cpu.start()
        with mock.patch.object(cpu, "_get_process_cpu_times", return_value={PID: 1000.0 + cpu_seconds}), \
                mock.patch("time.time", return_value=5000.0 + wall):
            cpu_power, cpu_energy = cpu.measure_power_and_energy(last_duration=wall)
    ram = RAM(tracking_mode=tracker._tracking_mode)
    ram.is_arm_cpu = False
    prop = "process_memory_GB" if tracker._tracking_mode == "process" else "machine_memory_GB"
    with mock.patch.object(RAM, prop, new_callable=mock.PropertyMock, return_value=memory_gib):
        ram_power, ram_energy = ram.measure_power_and_energy(last_duration=wall)
    return {
        "model": model, "sockets": sockets, "logical_cpus": threads, "cpu_seconds": cpu_seconds,
        "wall_seconds": wall, "memory_gib": memory_gib, "mode": "process" if psutil_ok else "constant",
        "cpu_watts": forced, "tracker": resources.cpu_tracker, "cpu_mode": cpu._mode, "max_power": cpu._tdp,
        "cpu_model": tracker._conf.get("cpu_model"),
        "cpu_power_w": cpu_power.W, "cpu_energy_kwh": cpu_energy.kWh,
        "ram_power_w": ram_power.W, "ram_energy_kwh": ram_energy.kWh,
    }


def ram_power(gib, arm):
    ram = RAM(tracking_mode="machine")
    ram.is_arm_cpu = arm
    return {"gib": gib, "arm": arm, "watts": ram._calculate_ram_power(gib), "dimms": ram._estimate_dimm_count(gib)}


def carbon(code, kwh, pue):
    source = DataSource()
    emissions = Emissions(source)
    energy = Energy.from_energy(kwh) * pue  # the tracker applies the PUE to the energy
    if code.lower() in {"us-central1", "europe-west9"}:
        kg = emissions.get_cloud_emissions(energy, CloudMetadata(provider="gcp", region=code))
    else:
        kg = emissions.get_country_emissions(energy, GeoMetadata(country_iso_code=code))
    return {"code": code, "kwh": kwh, "pue": pue, "kg": kg}


def main():
    goldens = {
        "codecarbon_version": codecarbon.__version__,
        "emissions_columns": list(EmissionsData.__dataclass_fields__),
        "cpu_matches": [match(model) for model in cpu_match_cases()],
        "estimates": [estimate(*case) for case in ESTIMATES],
        "ram_power": [ram_power(gib, arm) for gib in RAM_SIZES for arm in (False, True)],
        "carbon": [carbon(*case) for case in CARBON],
    }
    with open(OUT, "w") as handle:
        json.dump(goldens, handle, indent=0, sort_keys=True)
        handle.write("\n")
    print(f"wrote {OUT}: {len(goldens['cpu_matches'])} matches, {len(goldens['estimates'])} estimates")


if __name__ == "__main__":
    main()
