package io.mig4j.testkit.nvml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.layout.MigLayout;
import io.mig4j.api.layout.PlacedComputeInstance;
import io.mig4j.api.layout.PlacedGpuInstance;
import io.mig4j.nvml.ComputeInstanceHandle;
import io.mig4j.nvml.DeviceHandle;
import io.mig4j.nvml.GpuInstanceHandle;
import io.mig4j.nvml.NvmlComputeInstanceInfo;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlGpuInstanceInfo;
import io.mig4j.nvml.NvmlReturn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random operation sequences on random catalog products. The oracle is sdk-api's {@link MigLayout#validate()}:
 * the fake's state read back through NVML is always a valid layout, and the fake accepts exactly the GPU and
 * compute instances that {@code validate()} accepts on top of that state (and refuses the rest with NVML's
 * codes). Auto-placement takes the highest legal start for GPU instances and the lowest for compute instances.
 */
class FakeNvmlPropertiesTest {

    /** One step; the int fields pick among what exists when the step runs (modulo the number of choices). */
    sealed interface Op permits CreateGi, CreateCi, DestroyCi, DestroyGi {
    }

    /** {@code start < 0}: let NVML place it; otherwise that start (legal or not). */
    record CreateGi(int profile, int start) implements Op {
    }

    record CreateCi(int gi, int profile, int start) implements Op {
    }

    record DestroyCi(int gi, int ci) implements Op {
    }

    record DestroyGi(int gi) implements Op {
    }

    @Provide
    Arbitrary<GpuProduct> products() {
        return Arbitraries.of(ProductCatalog.builtIn().products());
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> pick = Arbitraries.integers().between(0, 63);
        Arbitrary<Integer> start = Arbitraries.integers().between(-4, 11); // negative: auto placement
        Arbitrary<Op> createGi = Combinators.combine(pick, start).as(CreateGi::new);
        Arbitrary<Op> createCi = Combinators.combine(pick, pick, start).as(CreateCi::new);
        Arbitrary<Op> destroyCi = Combinators.combine(pick, pick).as(DestroyCi::new);
        Arbitrary<Op> destroyGi = pick.map(DestroyGi::new);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(4, createGi), Tuple.of(3, createCi),
                Tuple.of(1, destroyCi), Tuple.of(1, destroyGi));
        return op.list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void theFakeAcceptsExactlyWhatTheLayoutRulesAccept(@ForAll("products") GpuProduct product,
                                                       @ForAll("operations") List<Op> ops) {
        try (FakeNvml nvml = FakeNvml.builder().gpu(product).migEnabled(true).build()) {
            nvml.init();
            DeviceHandle gpu = nvml.deviceGetHandleByIndex(0);
            for (Op op : ops) {
                MigLayout before = readLayout(nvml, gpu, product);
                checkRemainingCapacities(nvml, gpu, product, before);
                probeEveryGpuInstancePlacement(nvml, gpu, product, before);
                probeEveryComputeInstancePlacement(nvml, gpu, product, before);
                apply(nvml, gpu, product, before, op);
                MigLayout after = readLayout(nvml, gpu, product);
                assertThat(after.validate()).as("after %s: %s", op, after).isEmpty();
                assertThat(after).isEqualTo(nvml.layout(0));
                checkMigDevices(nvml, gpu, after);
            }
        }
    }

    private static void apply(FakeNvml nvml, DeviceHandle gpu, GpuProduct product, MigLayout before, Op op) {
        List<GpuInstanceHandle> gis = allGpuInstances(nvml, gpu, product);
        if (op instanceof CreateGi c) {
            GpuInstanceProfile p = product.gpuInstanceProfiles().get(c.profile() % product.gpuInstanceProfiles().size());
            if (c.start() < 0) {
                Optional<Placement> expected = p.placements().stream().sorted(Comparator.reverseOrder())
                        .filter(pl -> withGi(before, p, pl).isValid()).findFirst();
                Result<GpuInstanceHandle> r = attempt(() -> nvml.deviceCreateGpuInstance(gpu, p.id()));
                if (expected.isPresent()) {
                    assertThat(r.error()).as("auto %s on %s", p, before).isNull();
                    assertThat(nvml.gpuInstanceGetInfo(r.value()).placement()).isEqualTo(expected.get());
                } else {
                    assertThat(r.error()).as("auto %s on %s", p, before)
                            .isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                }
            } else {
                Placement pl = new Placement(c.start(), p.placements().get(0).size());
                Result<GpuInstanceHandle> r = attempt(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, p.id(), pl));
                if (!p.placements().contains(pl)) {
                    assertThat(r.error()).as("%s@%s", p, pl).isEqualTo(NvmlReturn.ERROR_INVALID_ARGUMENT);
                } else if (withGi(before, p, pl).isValid()) {
                    assertThat(r.error()).as("%s@%s on %s", p, pl, before).isNull();
                } else {
                    assertThat(r.error()).as("%s@%s on %s", p, pl, before)
                            .isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                }
            }
        } else if (op instanceof CreateCi c) {
            if (gis.isEmpty()) {
                return;
            }
            GpuInstanceHandle gi = gis.get(c.gi() % gis.size());
            NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(gi);
            GpuInstanceProfile gp = product.profileById(info.profileId()).orElseThrow();
            List<ComputeInstanceProfile> cps = gp.computeInstanceProfiles();
            if (cps.isEmpty()) {
                return;
            }
            ComputeInstanceProfile cp = cps.get(c.profile() % cps.size());
            if (c.start() < 0) {
                Optional<Placement> expected = cp.placements().stream().sorted()
                        .filter(pl -> withCi(before, info.placement(), cp, pl).isValid()).findFirst();
                Result<ComputeInstanceHandle> r = attempt(() -> nvml.gpuInstanceCreateComputeInstance(gi, cp.id()));
                if (expected.isPresent()) {
                    assertThat(r.error()).as("auto %s in %s on %s", cp, gp, before).isNull();
                    assertThat(nvml.computeInstanceGetInfo(r.value()).placement()).isEqualTo(expected.get());
                } else {
                    assertThat(r.error()).isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                }
            } else {
                Placement pl = new Placement(c.start() % gp.slices(), cp.slices());
                Result<ComputeInstanceHandle> r = attempt(() ->
                        nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, cp.id(), pl));
                if (!cp.placements().contains(pl)) {
                    assertThat(r.error()).isEqualTo(NvmlReturn.ERROR_INVALID_ARGUMENT);
                } else if (withCi(before, info.placement(), cp, pl).isValid()) {
                    assertThat(r.error()).as("%s@%s in %s on %s", cp, pl, gp, before).isNull();
                } else {
                    assertThat(r.error()).isEqualTo(NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                }
            }
        } else if (op instanceof DestroyCi d) {
            List<ComputeInstanceHandle> cis = new ArrayList<>();
            for (GpuInstanceHandle gi : gis) {
                cis.addAll(computeInstances(nvml, gi, product));
            }
            if (!cis.isEmpty()) {
                nvml.computeInstanceDestroy(cis.get(d.ci() % cis.size()));
            }
        } else if (op instanceof DestroyGi d) {
            if (gis.isEmpty()) {
                return;
            }
            GpuInstanceHandle gi = gis.get(d.gi() % gis.size());
            boolean hasCis = !computeInstances(nvml, gi, product).isEmpty();
            Result<Void> r = attempt(() -> {
                nvml.gpuInstanceDestroy(gi);
                return null;
            });
            assertThat(r.error()).isEqualTo(hasCis ? NvmlReturn.ERROR_IN_USE : null);
        } else {
            fail("unknown op " + op);
        }
    }

    /**
     * Every profile at every one of its legal placements: the fake creates it exactly when the rules accept it on
     * the current state (and the probe is destroyed again, leaving the state as it was).
     */
    private static void probeEveryGpuInstancePlacement(FakeNvml nvml, DeviceHandle gpu, GpuProduct product,
                                                       MigLayout now) {
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            for (Placement pl : p.placements()) {
                boolean valid = withGi(now, p, pl).isValid();
                Result<GpuInstanceHandle> r = attempt(() -> nvml.deviceCreateGpuInstanceWithPlacement(gpu, p.id(), pl));
                assertThat(r.error()).as("%s@%s on %s", p, pl, now)
                        .isEqualTo(valid ? null : NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                if (r.value() != null) {
                    nvml.gpuInstanceDestroy(r.value());
                }
            }
        }
    }

    /** The same for compute instances, in every GPU instance. */
    private static void probeEveryComputeInstancePlacement(FakeNvml nvml, DeviceHandle gpu, GpuProduct product,
                                                           MigLayout now) {
        for (GpuInstanceHandle gi : allGpuInstances(nvml, gpu, product)) {
            NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(gi);
            GpuInstanceProfile gp = product.profileById(info.profileId()).orElseThrow();
            for (ComputeInstanceProfile cp : gp.computeInstanceProfiles()) {
                boolean fits = false;
                for (Placement pl : cp.placements()) {
                    boolean valid = withCi(now, info.placement(), cp, pl).isValid();
                    fits |= valid;
                    Result<ComputeInstanceHandle> r = attempt(() ->
                            nvml.gpuInstanceCreateComputeInstanceWithPlacement(gi, cp.id(), pl));
                    assertThat(r.error()).as("%s@%s in %s on %s", cp, pl, gp, now)
                            .isEqualTo(valid ? null : NvmlReturn.ERROR_INSUFFICIENT_RESOURCES);
                    if (r.value() != null) {
                        nvml.computeInstanceDestroy(r.value());
                    }
                }
                assertThat(nvml.gpuInstanceGetComputeInstanceRemainingCapacity(gi, cp.id()) > 0).isEqualTo(fits);
            }
        }
    }

    /** Remaining capacity is positive exactly when some legal placement would be accepted. */
    private static void checkRemainingCapacities(FakeNvml nvml, DeviceHandle gpu, GpuProduct product, MigLayout now) {
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            boolean fits = p.placements().stream().anyMatch(pl -> withGi(now, p, pl).isValid());
            int capacity = nvml.deviceGetGpuInstanceRemainingCapacity(gpu, p.id());
            assertThat(capacity > 0).as("capacity %d of %s on %s", capacity, p, now).isEqualTo(fits);
            assertThat(capacity).isLessThanOrEqualTo(p.maxInstances());
        }
    }

    private static void checkMigDevices(FakeNvml nvml, DeviceHandle gpu, MigLayout layout) {
        int cis = layout.gpuInstances().stream().mapToInt(g -> g.computeInstances().size()).sum();
        Set<String> uuids = new HashSet<>();
        for (int i = 0; i < cis; i++) {
            DeviceHandle mig = nvml.deviceGetMigDeviceHandleByIndex(gpu, i);
            assertThat(nvml.deviceGetDeviceHandleFromMigDeviceHandle(mig)).isEqualTo(gpu);
            uuids.add(nvml.deviceGetUuid(mig));
        }
        assertThat(uuids).hasSize(cis);
        assertThat(attempt(() -> nvml.deviceGetMigDeviceHandleByIndex(gpu, cis)).error())
                .isEqualTo(NvmlReturn.ERROR_NOT_FOUND);
        assertThat(cis).isLessThanOrEqualTo(nvml.deviceGetMaxMigDeviceCount(gpu));
    }

    private static MigLayout withGi(MigLayout layout, GpuInstanceProfile p, Placement pl) {
        List<PlacedGpuInstance> gis = new ArrayList<>(layout.gpuInstances());
        gis.add(new PlacedGpuInstance(p, pl));
        return new MigLayout(layout.product(), gis);
    }

    private static MigLayout withCi(MigLayout layout, Placement giPlacement, ComputeInstanceProfile c, Placement pl) {
        List<PlacedGpuInstance> gis = new ArrayList<>();
        for (PlacedGpuInstance g : layout.gpuInstances()) {
            if (g.placement().equals(giPlacement)) {
                List<PlacedComputeInstance> cis = new ArrayList<>(g.computeInstances());
                cis.add(new PlacedComputeInstance(c, pl));
                gis.add(new PlacedGpuInstance(g.profile(), g.placement(), cis));
            } else {
                gis.add(g);
            }
        }
        return new MigLayout(layout.product(), gis);
    }

    /** The GPU's state as NVML reports it, independent of {@link FakeNvml#layout(int)}. */
    static MigLayout readLayout(FakeNvml nvml, DeviceHandle gpu, GpuProduct product) {
        List<PlacedGpuInstance> gis = new ArrayList<>();
        for (GpuInstanceHandle gi : allGpuInstances(nvml, gpu, product)) {
            NvmlGpuInstanceInfo info = nvml.gpuInstanceGetInfo(gi);
            GpuInstanceProfile p = product.profileById(info.profileId()).orElseThrow();
            List<PlacedComputeInstance> cis = new ArrayList<>();
            for (ComputeInstanceHandle ci : computeInstances(nvml, gi, product)) {
                NvmlComputeInstanceInfo c = nvml.computeInstanceGetInfo(ci);
                ComputeInstanceProfile cp = p.computeInstanceProfiles().stream()
                        .filter(x -> x.id() == c.profileId()).findFirst().orElseThrow();
                cis.add(new PlacedComputeInstance(cp, c.placement()));
            }
            cis.sort(Comparator.comparing(PlacedComputeInstance::placement));
            gis.add(new PlacedGpuInstance(p, info.placement(), cis));
        }
        return new MigLayout(product, gis).sorted();
    }

    private static List<GpuInstanceHandle> allGpuInstances(FakeNvml nvml, DeviceHandle gpu, GpuProduct product) {
        List<GpuInstanceHandle> out = new ArrayList<>();
        for (GpuInstanceProfile p : product.gpuInstanceProfiles()) {
            out.addAll(nvml.deviceGetGpuInstances(gpu, p.id()));
        }
        return out;
    }

    private static List<ComputeInstanceHandle> computeInstances(FakeNvml nvml, GpuInstanceHandle gi,
                                                                GpuProduct product) {
        GpuInstanceProfile p = product.profileById(nvml.gpuInstanceGetInfo(gi).profileId()).orElseThrow();
        List<ComputeInstanceHandle> out = new ArrayList<>();
        for (ComputeInstanceProfile c : p.computeInstanceProfiles()) {
            out.addAll(nvml.gpuInstanceGetComputeInstances(gi, c.id()));
        }
        return out;
    }

    private record Result<T>(T value, NvmlReturn error) {
    }

    private static <T> Result<T> attempt(Supplier<T> call) {
        try {
            return new Result<>(call.get(), null);
        } catch (NvmlException e) {
            return new Result<>(null, e.result());
        }
    }
}
