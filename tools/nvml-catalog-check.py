#!/usr/bin/env python3
"""Read-only NVML probe: dumps what the GPUs of this machine report for MIG and diffs it
against mig4j's product catalog.

Only read-only NVML calls are made (init, device queries, MIG mode query, GI profile info,
possible placements, remaining capacity). Nothing here can change a GPU.

usage: nvml-catalog-check.py [--catalog PATH] [--json OUT] [--library PATH]
  exit 0: catalog matches every GPU; 1: differences printed; 2: usage / NVML not usable
"""
import argparse
import ctypes
import json
import os
import sys

NVML_SUCCESS = 0
NVML_ERROR_INVALID_ARGUMENT = 2
NVML_ERROR_INSUFFICIENT_SIZE = 7

class GiProfileInfoV2(ctypes.Structure):
    # nvmlGpuInstanceProfileInfo_v2_t: 4 bytes of padding before memorySizeMB (offset 48)
    _fields_ = [("version", ctypes.c_uint), ("id", ctypes.c_uint), ("isP2pSupported", ctypes.c_uint),
                ("sliceCount", ctypes.c_uint), ("instanceCount", ctypes.c_uint),
                ("multiprocessorCount", ctypes.c_uint), ("copyEngineCount", ctypes.c_uint),
                ("decoderCount", ctypes.c_uint), ("encoderCount", ctypes.c_uint),
                ("jpegCount", ctypes.c_uint), ("ofaCount", ctypes.c_uint),
                ("memorySizeMB", ctypes.c_ulonglong), ("name", ctypes.c_char * 96)]

class Placement(ctypes.Structure):
    _fields_ = [("start", ctypes.c_uint), ("size", ctypes.c_uint)]

class PciInfo(ctypes.Structure):
    _fields_ = [("busIdLegacy", ctypes.c_char * 16), ("domain", ctypes.c_uint), ("bus", ctypes.c_uint),
                ("device", ctypes.c_uint), ("pciDeviceId", ctypes.c_uint), ("pciSubSystemId", ctypes.c_uint),
                ("busId", ctypes.c_char * 32)]

class Memory(ctypes.Structure):
    _fields_ = [("total", ctypes.c_ulonglong), ("free", ctypes.c_ulonglong), ("used", ctypes.c_ulonglong)]

GI_PROFILE_INFO_V2 = ctypes.sizeof(GiProfileInfoV2) | (2 << 24)


def load(path):
    candidates = [path] if path else [os.environ.get("MIG4J_NVML_LIBRARY"), "libnvidia-ml.so.1", "libnvidia-ml.so"]
    for c in candidates:
        if not c:
            continue
        try:
            return ctypes.CDLL(c)
        except OSError:
            pass
    sys.exit("NVML not found (tried %s)" % ", ".join(c for c in candidates if c))


def probe(nvml):
    def check(rc, what):
        if rc != NVML_SUCCESS:
            nvml.nvmlErrorString.restype = ctypes.c_char_p
            raise RuntimeError("%s failed: %d %s" % (what, rc, nvml.nvmlErrorString(rc).decode()))

    check(nvml.nvmlInit_v2(), "nvmlInit_v2")
    buf = ctypes.create_string_buffer(96)
    check(nvml.nvmlSystemGetDriverVersion(buf, 96), "nvmlSystemGetDriverVersion")
    driver = buf.value.decode()
    check(nvml.nvmlSystemGetNVMLVersion(buf, 96), "nvmlSystemGetNVMLVersion")
    nvml_version = buf.value.decode()
    count = ctypes.c_uint()
    check(nvml.nvmlDeviceGetCount_v2(ctypes.byref(count)), "nvmlDeviceGetCount_v2")
    gpus = []
    for i in range(count.value):
        dev = ctypes.c_void_p()
        check(nvml.nvmlDeviceGetHandleByIndex_v2(i, ctypes.byref(dev)), "nvmlDeviceGetHandleByIndex_v2")
        nvml.nvmlDeviceGetName(dev, buf, 96)
        name = buf.value.decode()
        nvml.nvmlDeviceGetUUID(dev, buf, 96)
        uuid = buf.value.decode()
        pci = PciInfo()
        check(nvml.nvmlDeviceGetPciInfo_v3(dev, ctypes.byref(pci)), "nvmlDeviceGetPciInfo_v3")
        mem = Memory()
        check(nvml.nvmlDeviceGetMemoryInfo(dev, ctypes.byref(mem)), "nvmlDeviceGetMemoryInfo")
        cur, pend = ctypes.c_uint(), ctypes.c_uint()
        mig_rc = nvml.nvmlDeviceGetMigMode(dev, ctypes.byref(cur), ctypes.byref(pend))
        major, minor = ctypes.c_int(), ctypes.c_int()
        nvml.nvmlDeviceGetCudaComputeCapability(dev, ctypes.byref(major), ctypes.byref(minor))
        profiles = []
        for index in range(0, 64):
            info = GiProfileInfoV2()
            info.version = GI_PROFILE_INFO_V2
            rc = nvml.nvmlDeviceGetGpuInstanceProfileInfoV(dev, index, ctypes.byref(info))
            if rc == NVML_ERROR_INVALID_ARGUMENT:
                break
            entry = {"index": index, "rc": rc}
            if rc == NVML_SUCCESS:
                n = ctypes.c_uint(0)
                prc = nvml.nvmlDeviceGetGpuInstancePossiblePlacements_v2(dev, info.id, None, ctypes.byref(n))
                placements = []
                if prc == NVML_SUCCESS and n.value:
                    arr = (Placement * n.value)()
                    prc = nvml.nvmlDeviceGetGpuInstancePossiblePlacements_v2(dev, info.id, arr, ctypes.byref(n))
                    placements = [{"start": arr[k].start, "size": arr[k].size} for k in range(n.value)]
                remaining = ctypes.c_uint()
                rrc = nvml.nvmlDeviceGetGpuInstanceRemainingCapacity(dev, info.id, ctypes.byref(remaining))
                entry.update({
                    "name": info.name.decode(), "id": info.id, "isP2pSupported": info.isP2pSupported,
                    "slices": info.sliceCount, "maxInstances": info.instanceCount,
                    "multiprocessors": info.multiprocessorCount, "copyEngines": info.copyEngineCount,
                    "decoders": info.decoderCount, "encoders": info.encoderCount, "jpegEngines": info.jpegCount,
                    "ofaEngines": info.ofaCount, "memoryMiB": info.memorySizeMB,
                    "placementsRc": prc, "placements": placements,
                    "remainingCapacityRc": rrc, "remainingCapacity": remaining.value if rrc == 0 else None})
            profiles.append(entry)
        gpus.append({"index": i, "name": name, "uuid": uuid, "pciBusId": pci.busId.decode(),
                     "pciDeviceId": "0x%04X" % (pci.pciDeviceId >> 16), "memoryMiB": mem.total // (1024 * 1024),
                     "migModeRc": mig_rc, "migCurrent": cur.value, "migPending": pend.value,
                     "computeCapability": "%d.%d" % (major.value, minor.value), "gpuInstanceProfiles": profiles})
    nvml.nvmlShutdown()
    return {"driverVersion": driver, "nvmlVersion": nvml_version, "gpus": gpus}


FIELDS = ["name", "id", "slices", "memoryMiB", "multiprocessors", "copyEngines", "decoders", "encoders",
          "jpegEngines", "ofaEngines", "maxInstances", "placements"]


def catalog_profile(p):
    placements = [{"start": s, "size": p["placements"]["size"]} for s in p["placements"]["starts"]]
    return dict(p, placements=placements)


def diff(report, catalog):
    differences = 0
    for gpu in report["gpus"]:
        product = next((pr for pr in catalog["products"]
                        if any(v["pciDeviceId"].upper() == gpu["pciDeviceId"].upper() for v in pr["variants"])), None)
        label = "GPU %d (%s, %s)" % (gpu["index"], gpu["name"], gpu["pciDeviceId"])
        if product is None:
            print("%s: no catalog product has this PCI device id" % label)
            differences += 1
            continue
        print("%s -> catalog %s" % (label, product["alias"]))
        by_index = {p["index"]: catalog_profile(p) for p in product["gpuInstanceProfiles"]}
        seen = set()
        for hw in gpu["gpuInstanceProfiles"]:
            cat = by_index.get(hw["index"])
            if hw["rc"] != NVML_SUCCESS:
                if cat is not None:
                    print("  index %d: catalog has %s, NVML says rc=%d" % (hw["index"], cat["name"], hw["rc"]))
                    differences += 1
                continue
            seen.add(hw["index"])
            if cat is None:
                print("  index %d: NVML reports %s, catalog has none" % (hw["index"], hw["name"]))
                differences += 1
                continue
            for f in FIELDS:
                hv = hw[f]
                cv = ("MIG " + cat[f]) if f == "name" else cat[f]
                if hv != cv:
                    print("  index %d %s.%s: catalog %s, NVML %s" % (hw["index"], cat["name"], f, cv, hv))
                    differences += 1
        for index, cat in by_index.items():
            if index not in seen and not any(h["index"] == index for h in gpu["gpuInstanceProfiles"]):
                print("  index %d: catalog has %s, NVML stopped enumerating before it" % (index, cat["name"]))
                differences += 1
        if gpu["memoryMiB"] != product.get("memoryMiB"):
            print("  memoryMiB: catalog %s, NVML %s" % (product.get("memoryMiB"), gpu["memoryMiB"]))
            differences += 1
    print("%d difference(s)" % differences)
    return differences


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--catalog", help="mig4j catalog JSON to diff against")
    ap.add_argument("--json", help="write the raw NVML report here")
    ap.add_argument("--library", help="path of libnvidia-ml.so.1")
    args = ap.parse_args()
    report = probe(load(args.library))
    text = json.dumps(report, indent=2)
    if args.json:
        with open(args.json, "w") as f:
            f.write(text + "\n")
    else:
        print(text)
    print("driver %s, NVML %s, %d GPU(s)" % (report["driverVersion"], report["nvmlVersion"], len(report["gpus"])))
    if args.catalog:
        with open(args.catalog) as f:
            sys.exit(1 if diff(report, json.load(f)) else 0)


if __name__ == "__main__":
    main()
