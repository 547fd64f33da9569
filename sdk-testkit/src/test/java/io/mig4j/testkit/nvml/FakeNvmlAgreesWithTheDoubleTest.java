package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.Placement;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.MigModeInfo;
import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlBindingContractTest;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlLoader;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * FakeNvml and the C test double of libnvidia-ml (written independently, in C, in sdk-nvml) answer random operation
 * sequences identically: every creation's GPU/compute instance ID and placement, every refusal's code, every
 * capacity, placement list and listing, on the double's node (an H100 80GB HBM3 holding a 3g.40gb at 4:4 with its
 * compute instance, and an A100-SXM4-40GB whose MIG is enabled at the start). The double is reached through the
 * JNA and the FFM binding in turn. Seeded like the other random tests ({@link Seeded}); without gcc's double the test
 * is skipped in a developer build and fails in CI.
 */
class FakeNvmlAgreesWithTheDoubleTest {

    /** Sequences per build unless {@value Seeded#SEQUENCES_PROPERTY} says otherwise (then a tenth of that). */
    static final int DEFAULT_SEQUENCES = 200;
    private static final int[] GI_PROFILES = {19, 20, 15, 14, 9, 5, 0, 99};
    private static final int[] CI_PROFILES = {0, 1, 2, 3, 4, 7, 99};

    @Test
    void randomSequencesGetTheSameAnswersFromTheFakeAndTheDouble() {
        String library = NvmlBindingContractTest.doublePath();
        NvmlBindingContractTest.DoubleControl control = NvmlBindingContractTest.control(library);
        List<Nvml> bindings = new ArrayList<>();
        bindings.add(NvmlLoader.load(NvmlLoader.Options.defaults().withLibrary(library)
                .withBackend(NvmlLoader.Backend.JNA)));
        if (NvmlLoader.ffmAvailable()) {
            bindings.add(NvmlLoader.load(NvmlLoader.Options.defaults().withLibrary(library)
                    .withBackend(NvmlLoader.Backend.FFM)));
        }
        int count = Math.max(1, Seeded.sequences(DEFAULT_SEQUENCES * 10) / 10);
        int[] sequence = {0};
        try {
            Seeded.run("FakeNvml against the C double", count, random -> {
                control.nvmlDouble_reset();
                Nvml binding = bindings.get(sequence[0]++ % bindings.size());
                binding.init();
                try (FakeNvml fake = doublesNode()) {
                    Nvml[] both = {fake, binding};
                    for (Nvml nvml : both) {
                        nvml.deviceSetMigMode(nvml.deviceGetHandleByIndex(1), MigModeInfo.ENABLE);
                    }
                    int steps = 1 + random.nextInt(25);
                    List<String> trace = new ArrayList<>();
                    for (int step = 0; step < steps; step++) {
                        long seed = random.nextLong();
                        String fakeAnswer = step(fake, new SplittableRandom(seed));
                        String doubleAnswer = step(binding, new SplittableRandom(seed));
                        trace.add(fakeAnswer);
                        assertThat(fakeAnswer).as("step %d through %s after %s", step + 1, binding.backend(), trace)
                                .isEqualTo(doubleAnswer);
                    }
                    assertThat(state(fake)).isEqualTo(state(binding));
                } finally {
                    binding.shutdown();
                }
            });
        } finally {
            control.nvmlDouble_reset();
        }
    }

    /** The double's start state, built through NVML on a fake. */
    private static FakeNvml doublesNode() {
        FakeNvml fake = FakeNvml.builder().gpu("0x2330").gpu("0x20B0").resetOnMigModeChange(true).build();
        fake.init();
        DeviceHandle h100 = fake.deviceGetHandleByIndex(0);
        fake.deviceSetMigMode(h100, MigModeInfo.ENABLE);
        GpuInstanceHandle gi = fake.deviceCreateGpuInstanceWithPlacement(h100, 9, new Placement(4, 4));
        fake.gpuInstanceCreateComputeInstanceWithPlacement(gi, 2, new Placement(0, 3));
        return fake;
    }

    /** One random operation, its outcome as text; the same random numbers pick the same operation on both. */
    private static String step(Nvml nvml, SplittableRandom r) {
        DeviceHandle gpu = nvml.deviceGetHandleByIndex(r.nextInt(2));
        int kind = r.nextInt(10);
        int giProfile = GI_PROFILES[r.nextInt(GI_PROFILES.length)];
        int ciProfile = CI_PROFILES[r.nextInt(CI_PROFILES.length)];
        int start = r.nextInt(-3, 8);
        int pick = r.nextInt(64);
        List<GpuInstanceHandle> gis = gpuInstances(nvml, gpu);
        GpuInstanceHandle gi = gis.isEmpty() ? null : gis.get(pick % gis.size());
        String on = "GPU " + (gpu.equals(nvml.deviceGetHandleByIndex(0)) ? 0 : 1) + (gi == null ? ""
                : " GI " + nvml.gpuInstanceGetInfo(gi).id()) + ": ";
        Placement ciAt = new Placement(Math.floorMod(start, 4), 1 + r.nextInt(4));
        switch (kind) {
            case 0, 1: {
                Placement at = new Placement(Math.max(0, start), Math.max(1, widthOf(nvml, gpu, giProfile)));
                return on + "create GI " + giProfile + (start < 0 ? "" : " at " + at) + " -> " + outcome(() -> gi(nvml,
                        start < 0 ? nvml.deviceCreateGpuInstance(gpu, giProfile)
                                : nvml.deviceCreateGpuInstanceWithPlacement(gpu, giProfile, at)));
            }
            case 2:
                return gi == null ? "no GI" : outcome(() -> {
                    nvml.gpuInstanceDestroy(gi);
                    return "destroyed";
                });
            case 3, 4:
                return gi == null ? "no GI" : on + "create CI " + ciProfile + (start < 0 ? "" : " at " + ciAt) + " -> "
                        + outcome(() -> ci(nvml, start < 0 ? nvml.gpuInstanceCreateComputeInstance(gi, ciProfile)
                                : nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, ciProfile, ciAt)));
            case 5: {
                if (gi == null) {
                    return "no GI";
                }
                List<ComputeInstanceHandle> cis = computeInstances(nvml, gi);
                return cis.isEmpty() ? "no CI" : outcome(() -> {
                    nvml.computeInstanceDestroy(cis.get(pick % cis.size()));
                    return "destroyed";
                });
            }
            case 6:
                return on + giProfile + " " + outcome(() -> "capacity " + nvml.deviceGetGpuInstanceRemainingCapacity(gpu, giProfile));
            case 7:
                return on + giProfile + " " + outcome(() -> "placements " + nvml.deviceGetGpuInstancePossiblePlacements(gpu, giProfile));
            case 8:
                return gi == null ? "no GI" : on + ciProfile + " " + outcome(() -> "CI capacity "
                        + nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, ciProfile) + " placements "
                        + nvml.gpuInstanceGetComputeInstancePossiblePlacements(gi, ciProfile));
            default:
                return on + giProfile + " " + outcome(() -> "listed " + nvml.deviceGetGpuInstances(gpu, giProfile).size());
        }
    }

    /** A placement width the profile has, so that "with placement" mostly asks for sizes NVML would accept. */
    private static int widthOf(Nvml nvml, DeviceHandle gpu, int profileId) {
        try {
            return nvml.deviceGetGpuInstancePossiblePlacements(gpu, profileId).get(0).size();
        } catch (NvmlException e) {
            return 1;
        }
    }

    private interface Call {
        String run();
    }

    private static String outcome(Call call) {
        try {
            return call.run();
        } catch (NvmlException e) {
            return e.function() + " " + e.result().nvmlName();
        }
    }

    private static String gi(Nvml nvml, GpuInstanceHandle gi) {
        NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(gi);
        return "GI " + info.id() + " profile " + info.profileId() + " at " + info.placement();
    }

    private static String ci(Nvml nvml, ComputeInstanceHandle ci) {
        NvmlComputeInstanceInfo info = nvml.computeInstanceGetInfo(ci);
        return "CI " + info.id() + " profile " + info.profileId() + " at " + info.placement();
    }

    private static List<GpuInstanceHandle> gpuInstances(Nvml nvml, DeviceHandle gpu) {
        List<GpuInstanceHandle> out = new ArrayList<>();
        for (int profile : GI_PROFILES) {
            if (profile != 99) {
                out.addAll(nvml.deviceGetGpuInstances(gpu, profile));
            }
        }
        out.sort(Comparator.comparingInt(h -> nvml.gpuInstanceGetInfo(h).id()));
        return out;
    }

    private static List<ComputeInstanceHandle> computeInstances(Nvml nvml, GpuInstanceHandle gi) {
        List<ComputeInstanceHandle> out = new ArrayList<>();
        for (int profile : CI_PROFILES) {
            try {
                out.addAll(nvml.gpuInstanceGetComputeInstances(gi, profile));
            } catch (NvmlException e) {
                // a profile the GPU instance does not offer
            }
        }
        out.sort(Comparator.comparingInt(h -> nvml.computeInstanceGetInfo(h).id()));
        return out;
    }

    /** Every GPU's instances with their compute instances, as text. */
    private static List<String> state(Nvml nvml) {
        List<String> out = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(g);
            for (GpuInstanceHandle gi : gpuInstances(nvml, gpu)) {
                out.add(g + ": " + gi(nvml, gi) + computeInstances(nvml, gi).stream().map(ci -> ci(nvml, ci))
                        .toList());
            }
        }
        return out;
    }
}
