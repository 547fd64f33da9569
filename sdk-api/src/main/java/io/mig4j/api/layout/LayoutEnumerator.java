package io.mig4j.api.layout;

import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Enumerates the valid layouts of a product: every non-empty set of GPU instances (profile + placement)
 * NVML would let exist together, or only the maximal ones, where no instance of any considered profile
 * can be added anywhere.
 *
 * <p>Layouts are sets: {@code 1g@0,1g@1} and {@code 1g@1,1g@0} are one layout. Two layouts with the same
 * profiles at different placements are different layouts.
 */
public final class LayoutEnumerator {
    private final GpuProduct product;
    private final List<GpuInstanceProfile> profiles;
    private final List<PlacedGpuInstance> candidates;

    private LayoutEnumerator(GpuProduct product, Collection<GpuInstanceProfile> profiles) {
        this.product = product;
        this.profiles = List.copyOf(profiles);
        List<PlacedGpuInstance> c = new ArrayList<>();
        for (GpuInstanceProfile p : this.profiles) {
            if (!product.gpuInstanceProfiles().contains(p)) {
                throw new IllegalArgumentException("profile " + p.name() + " is not a profile of " + product.alias());
            }
            for (Placement pl : p.placements()) {
                c.add(new PlacedGpuInstance(p, pl));
            }
        }
        c.sort(Comparator.comparing(PlacedGpuInstance::placement)
                .thenComparing(g -> -g.profile().slices()).thenComparingInt(g -> g.profile().index()));
        this.candidates = List.copyOf(c);
    }

    /** Enumerates layouts of every profile of the product. */
    public static LayoutEnumerator of(GpuProduct product) {
        return new LayoutEnumerator(product, product.gpuInstanceProfiles());
    }

    /** Enumerates layouts made of these profiles only; maximality is judged against these profiles too. */
    public static LayoutEnumerator of(GpuProduct product, Collection<GpuInstanceProfile> profiles) {
        return new LayoutEnumerator(product, profiles);
    }

    /** The profiles considered. */
    public List<GpuInstanceProfile> profiles() {
        return profiles;
    }

    /** Every valid non-empty layout, each sorted by placement. */
    public List<MigLayout> all() {
        List<MigLayout> out = new ArrayList<>();
        visit(false, out::add);
        return out;
    }

    /** Every valid layout to which no instance of a considered profile can be added. */
    public List<MigLayout> maximal() {
        List<MigLayout> out = new ArrayList<>();
        visit(true, out::add);
        return out;
    }

    /** Counts layouts without keeping them. */
    public long count(boolean maximalOnly) {
        long[] n = {0};
        visit(maximalOnly, l -> n[0]++);
        return n[0];
    }

    /** Calls {@code sink} for each layout, in a stable order. */
    public void visit(boolean maximalOnly, Consumer<MigLayout> sink) {
        walk(0, new Occupancy(), new ArrayList<>(), maximalOnly, sink);
    }

    private void walk(int from, Occupancy occupancy, List<PlacedGpuInstance> chosen, boolean maximalOnly,
                      Consumer<MigLayout> sink) {
        if (!chosen.isEmpty() && (!maximalOnly || nothingFits(occupancy))) {
            sink.accept(new MigLayout(product, chosen).sorted());
        }
        for (int c = from; c < candidates.size(); c++) {
            PlacedGpuInstance g = candidates.get(c);
            if (occupancy.conflict(g.profile(), g.placement()) != null) {
                continue;
            }
            occupancy.add(g.profile(), g.placement());
            chosen.add(g);
            walk(c + 1, occupancy, chosen, maximalOnly, sink);
            chosen.remove(chosen.size() - 1);
            occupancy.remove(g.profile(), g.placement());
        }
    }

    private boolean nothingFits(Occupancy occupancy) {
        for (PlacedGpuInstance g : candidates) {
            if (occupancy.conflict(g.profile(), g.placement()) == null) {
                return false;
            }
        }
        return true;
    }
}
