package io.mig4j.nvml;

import io.mig4j.api.Placement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Read-only checks that an {@link Nvml} behaves like NVML: the contract every implementation must meet, run
 * against {@code FakeNvml} and the C test double in mig4j's tests, and against a real GPU by
 * {@code mig4j doctor}. Only read-only functions are called, so it is safe on a shared production GPU.
 *
 * <p>The checks are consistency checks between answers (a UUID leads back to its device, a profile's
 * placements fit its slices, enumeration ends with {@code INVALID_ARGUMENT}, ...), not expected values, so they
 * hold on any GPU.
 */
public final class NvmlConformance {

    /** One check: what was checked, on which object, and what went wrong (null when it passed). */
    public record Check(String name, String subject, String failure) {
        public boolean passed() {
            return failure == null;
        }

        @Override
        public String toString() {
            return (passed() ? "PASS " : "FAIL ") + name + " [" + subject + "]" + (passed() ? "" : ": " + failure);
        }
    }

    private final Nvml nvml;
    private final List<Check> checks = new ArrayList<>();

    private NvmlConformance(Nvml nvml) {
        this.nvml = Objects.requireNonNull(nvml, "nvml");
    }

    /** Runs every check on an initialized {@code nvml}. */
    public static List<Check> run(Nvml nvml) {
        NvmlConformance c = new NvmlConformance(nvml);
        c.system();
        int count = nvml.deviceGetCount();
        for (int i = 0; i < count; i++) {
            c.device(i);
        }
        return List.copyOf(c.checks);
    }

    private void check(String name, String subject, Runnable body) {
        try {
            body.run();
            checks.add(new Check(name, subject, null));
        } catch (AssertionError | RuntimeException e) {
            checks.add(new Check(name, subject, e.getMessage()));
        }
    }

    private static void expect(boolean condition, String message) {
        if (!condition) {
            throw new AssertionError(message);
        }
    }

    private void system() {
        check("driver and NVML versions are reported", "system", () -> {
            String driver = nvml.systemGetDriverVersion();
            String lib = nvml.systemGetNvmlVersion();
            expect(driver.matches("[0-9]+(\\.[0-9]+)+"), "driver version '" + driver + "'");
            expect(lib.endsWith(driver), "NVML version '" + lib + "' does not end with the driver version " + driver);
        });
        check("CUDA driver version is plausible", "system", () -> {
            int cuda = nvml.systemGetCudaDriverVersion();
            expect(cuda >= 11000 && cuda < 100000, "CUDA driver version " + cuda);
        });
        check("every return code has an error string", "system", () -> {
            for (NvmlReturn r : NvmlReturn.values()) {
                if (r != NvmlReturn.UNRECOGNIZED) {
                    String s = nvml.errorString(r.value());
                    expect(s != null && !s.isBlank(), "empty error string for " + r);
                }
            }
        });
        check("device count is not negative", "system", () -> expect(nvml.deviceGetCount() >= 0, "negative count"));
        check("an index past the last device is INVALID_ARGUMENT", "system", () -> expectError(
                NvmlReturn.ERROR_INVALID_ARGUMENT, () -> nvml.deviceGetHandleByIndex(nvml.deviceGetCount())));
        check("an unknown UUID is NOT_FOUND or INVALID_ARGUMENT", "system", () -> {
            NvmlReturn r = errorOf(() -> nvml.deviceGetHandleByUuid("GPU-00000000-0000-0000-0000-000000000000"));
            expect(r == NvmlReturn.ERROR_NOT_FOUND || r == NvmlReturn.ERROR_INVALID_ARGUMENT, "got " + r);
        });
    }

    private void device(int index) {
        String subject = "GPU " + index;
        DeviceHandle device = nvml.deviceGetHandleByIndex(index);
        check("UUID and PCI bus id lead back to the device", subject, () -> {
            String uuid = nvml.deviceGetUuid(device);
            expect(uuid.startsWith("GPU-"), "UUID '" + uuid + "'");
            expect(nvml.deviceGetUuid(nvml.deviceGetHandleByUuid(uuid)).equals(uuid), "by UUID");
            PciInfo pci = nvml.deviceGetPciInfo(device);
            expect(nvml.deviceGetUuid(nvml.deviceGetHandleByPciBusId(pci.busId())).equals(uuid), "by PCI bus id " + pci.busId());
            expect((pci.pciDeviceId() & 0xFFFF) == 0x10DE, "vendor of " + Integer.toHexString(pci.pciDeviceId()));
        });
        check("name, memory, minor number, architecture, compute capability", subject, () -> {
            expect(nvml.deviceGetName(device).startsWith("NVIDIA"), "name " + nvml.deviceGetName(device));
            MemoryInfo m = nvml.deviceGetMemoryInfo(device);
            expect(m.total() > 0 && m.free() <= m.total() && m.used() <= m.total(), "memory " + m);
            expect(nvml.deviceGetMinorNumber(device) >= 0, "minor number");
            expect(nvml.deviceGetArchitecture(device) > 0, "architecture");
            ComputeCapability cc = nvml.deviceGetCudaComputeCapability(device);
            expect(cc.major() >= 3, "compute capability " + cc);
        });
        check("brand is an NVML brand", subject, () -> {
            int brand = nvml.deviceGetBrand(device);
            expect(NvmlNames.brand(brand).isPresent(), "brand " + brand);
        });
        check("NUMA node is a node or NOT_SUPPORTED", subject, () -> {
            try {
                expect(nvml.deviceGetNumaNodeId(device) >= 0, "negative node");
            } catch (NvmlException e) {
                expect(e.result() == NvmlReturn.ERROR_NOT_SUPPORTED
                        || e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND, "got " + e.result());
            }
        });
        check("compute processes can be counted", subject, () -> {
            try {
                expect(nvml.deviceGetComputeRunningProcessCount(device) >= 0, "negative count");
            } catch (NvmlException e) {
                expect(e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND || e.result() == NvmlReturn.ERROR_NO_PERMISSION,
                        "got " + e.result());
            }
        });
        check("a GPU handle is not a MIG device handle", subject,
                () -> expect(!nvml.deviceIsMigDeviceHandle(device), "reported as a MIG device"));
        MigModeInfo mode;
        try {
            mode = nvml.deviceGetMigMode(device);
        } catch (NvmlException e) {
            check("a GPU without MIG says NOT_SUPPORTED", subject,
                    () -> expect(e.result() == NvmlReturn.ERROR_NOT_SUPPORTED, "got " + e.result()));
            return;
        }
        check("MIG mode is 0 or 1", subject, () -> expect((mode.current() | mode.pending()) <= 1, "mode " + mode));
        check("max MIG device count matches the mode", subject, () -> {
            int max = nvml.deviceGetMaxMigDeviceCount(device);
            expect(mode.current() == MigModeInfo.ENABLE ? max > 0 : max >= 0, "max " + max + " in mode " + mode);
        });
        profiles(device, subject, mode.current() == MigModeInfo.ENABLE);
    }

    private void profiles(DeviceHandle device, String subject, boolean migEnabled) {
        Set<Integer> ids = new HashSet<>();
        int supported = 0;
        int index = 0;
        for (; index < MigManager.MAX_PROFILE_INDEX; index++) {
            GpuInstanceProfileInfo v2;
            try {
                v2 = nvml.deviceGetGpuInstanceProfileInfoV(device, index);
            } catch (NvmlException e) {
                if (e.result() == NvmlReturn.ERROR_INVALID_ARGUMENT) {
                    break;
                }
                int i = index;
                check("unsupported profile index answers NOT_SUPPORTED", subject + " index " + i,
                        () -> expect(e.result() == NvmlReturn.ERROR_NOT_SUPPORTED, "got " + e.result()));
                continue;
            }
            supported++;
            String p = subject + " " + v2.name() + " (index " + index + ", ID " + v2.id() + ")";
            int i = index;
            check("profile info is consistent", p, () -> {
                expect(v2.version() == 2, "struct version " + v2.version());
                expect(v2.name().startsWith("MIG "), "name '" + v2.name() + "'");
                expect(v2.sliceCount() >= 1 && v2.instanceCount() >= 1 && v2.multiprocessorCount() > 0
                        && v2.memorySizeMB() > 0, "counts " + v2);
                expect(ids.add(v2.id()), "profile ID " + v2.id() + " reported twice");
            });
            check("v3 struct agrees with v2", p, () -> {
                GpuInstanceProfileInfo v3;
                try {
                    v3 = nvml.deviceGetGpuInstanceProfileInfoV3(device, i);
                } catch (NvmlException e) {
                    expect(e.result() == NvmlReturn.ERROR_FUNCTION_NOT_FOUND
                            || e.result() == NvmlReturn.ERROR_ARGUMENT_VERSION_MISMATCH
                            || e.result() == NvmlReturn.ERROR_INVALID_ARGUMENT, "v3: " + e.result());
                    return;
                }
                // names are not compared: driver 580.159.04 leaves the v3 name empty (seen on a real H100)
                expect(v3.version() == 3 && v3.id() == v2.id() && v3.sliceCount() == v2.sliceCount()
                        && v3.instanceCount() == v2.instanceCount() && v3.memorySizeMB() == v2.memorySizeMB(),
                        "v3 " + v3);
            });
            check("placements are aligned, equal-sized and sorted", p, () -> {
                List<Placement> pl = nvml.deviceGetGpuInstancePossiblePlacements(device, v2.id());
                expect(!pl.isEmpty(), "no placements");
                int size = pl.get(0).size();
                for (int k = 0; k < pl.size(); k++) {
                    expect(pl.get(k).size() == size, "sizes differ: " + pl);
                    expect(pl.get(k).start() % size == 0, "unaligned " + pl.get(k));
                    expect(k == 0 || pl.get(k).start() > pl.get(k - 1).start(), "not sorted: " + pl);
                }
                expect(pl.size() >= v2.instanceCount() || v2.instanceCount() == 1, pl.size() + " placements for "
                        + v2.instanceCount() + " instances");
            });
            check("remaining capacity is within the instance count", p, () -> {
                try {
                    int left = nvml.deviceGetGpuInstanceRemainingCapacity(device, v2.id());
                    expect(left >= 0 && left <= v2.instanceCount(), "remaining " + left);
                } catch (NvmlException e) {
                    expect(!migEnabled && e.result() == NvmlReturn.ERROR_NOT_SUPPORTED, "got " + e.result());
                }
            });
        }
        int last = index;
        int count = supported;
        check("profile enumeration ends with INVALID_ARGUMENT", subject,
                () -> expect(last < MigManager.MAX_PROFILE_INDEX && count > 0, "indexes 0.." + last + ", " + count + " supported"));
    }

    private static NvmlReturn errorOf(Runnable call) {
        try {
            call.run();
            return NvmlReturn.SUCCESS;
        } catch (NvmlException e) {
            return e.result();
        }
    }

    private static void expectError(NvmlReturn expected, Runnable call) {
        NvmlReturn r = errorOf(call);
        expect(r == expected, "expected " + expected + ", got " + r);
    }
}
