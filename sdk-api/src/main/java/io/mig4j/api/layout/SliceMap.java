package io.mig4j.api.layout;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.Placement;
import io.mig4j.api.ProductCatalog;
import io.mig4j.api.inventory.ComputeInstanceInfo;
import io.mig4j.api.inventory.GpuInstanceInfo;
import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.MigModeState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What a picture of one GPU's MIG layout needs, and nothing about how it is drawn: the GPU's memory slices
 * (placement units: 8 on A100/H100, 4 on A30, 12 on RTX PRO 6000, taken from the product's placements) and the
 * GPU instances drawn over the slices their placements occupy, each with its profile, GI id and owner (a pod or
 * claim) when known. Built from a {@link MigLayout} ({@link #of(MigLayout)}) or from a GPU of an inventory
 * ({@link #of(GpuInventory, ProductCatalog)}); terminal and SVG renderers (the CLI's) draw it.
 *
 * <p>Instances may overlap (an invalid layout); {@link #lanes()} stacks them so that no two instances of a lane
 * share a slice. Immutable and thread-safe.
 *
 * @param label    what the picture is of, e.g. {@code GPU 0: H100-80GB} or a layout's product alias
 * @param gpuIndex the NVML index of the GPU, or {@code null} for a layout that is not on a GPU
 * @param gpuMinor the GPU's device minor (NVIDIA's DRA driver names devices after it), or {@code null}
 * @param slices   the number of memory slices (0 when unknown: a GPU the catalog does not know, without instances)
 * @param blocks   the GPU instances, in the order of the layout or inventory
 * @param note     why there is nothing to draw, or a remark beside the picture (e.g. {@code MIG disabled}); empty
 *                 when there is none
 */
public record SliceMap(String label, Integer gpuIndex, Integer gpuMinor, int slices, List<Block> blocks,
                       String note) {

    public SliceMap {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(note, "note");
        blocks = List.copyOf(blocks);
        if (slices < 0) {
            throw new IllegalArgumentException("slices must not be negative, got " + slices);
        }
        for (Block b : blocks) {
            if (b.end() > slices) {
                throw new IllegalArgumentException("block " + b.profile() + " at " + b.start() + ":" + b.size()
                        + " ends after the last of " + slices + " memory slices");
            }
        }
    }

    /**
     * One GPU instance as drawn: the memory slices it occupies and what labels it.
     *
     * @param start          its first memory slice
     * @param size           the number of memory slices it occupies
     * @param profile        its profile name, e.g. {@code 3g.40gb}
     * @param profileId      its GPU-specific profile ID, e.g. 9 for {@code 3g.40gb} on an H100
     * @param gpuInstanceId  the GI id the driver assigned, or {@code null} for an instance that does not exist yet
     * @param migDeviceUuids the MIG device UUIDs of its compute instances (empty when none exist or none are known)
     * @param owner          who holds it (a pod, a claim: {@code namespace/name}), or {@code null} when free or
     *                       unknown
     */
    public record Block(int start, int size, String profile, int profileId, Integer gpuInstanceId,
                        List<String> migDeviceUuids, String owner) {
        public Block {
            Objects.requireNonNull(profile, "profile");
            migDeviceUuids = List.copyOf(migDeviceUuids);
            if (start < 0 || size < 1) {
                throw new IllegalArgumentException("block " + profile + " needs start >= 0 and size >= 1, got "
                        + start + ":" + size);
            }
        }

        /** The first memory slice after the block. */
        public int end() {
            return start + size;
        }

        /** Whether the block occupies memory slice {@code slice}. */
        public boolean covers(int slice) {
            return slice >= start && slice < end();
        }

        /** Whether the two blocks share a memory slice. */
        public boolean overlaps(Block other) {
            return start < other.end() && other.start < end();
        }

        /** The same block held by {@code owner} ({@code null}: by nobody known). */
        public Block withOwner(String owner) {
            return new Block(start, size, profile, profileId, gpuInstanceId, migDeviceUuids, owner);
        }
    }

    /** The picture of a layout: its instances over the product's memory slices, labelled with the product alias. */
    public static SliceMap of(MigLayout layout) {
        List<Block> blocks = new ArrayList<>();
        for (PlacedGpuInstance gi : layout.gpuInstances()) {
            blocks.add(new Block(gi.placement().start(), gi.placement().size(), gi.profile().name().toString(),
                    gi.profile().id(), null, List.of(), null));
        }
        int slices = Math.max(layout.product().placementUnits(),
                blocks.stream().mapToInt(Block::end).max().orElse(0));
        return new SliceMap(layout.product().alias(), null, null, slices, blocks, "");
    }

    /**
     * The picture of one GPU of an inventory: its GPU instances with their GI ids and MIG device UUIDs, labelled
     * {@code GPU <index>: <product>}. The number of memory slices comes from the catalog's product; for a GPU the
     * catalog does not know, from the furthest instance. A GPU with MIG disabled has no blocks and says so in
     * {@link #note()}, as does one whose MIG mode change is pending.
     */
    public static SliceMap of(GpuInventory gpu, ProductCatalog catalog) {
        Objects.requireNonNull(catalog, "catalog");
        GpuProduct product = gpu.product() == null ? null : catalog.find(gpu.product()).orElse(null);
        List<Block> blocks = new ArrayList<>();
        for (GpuInstanceInfo gi : gpu.gpuInstances()) {
            Placement p = gi.placement();
            blocks.add(new Block(p.start(), p.size(), gi.profileName(), gi.profileId(), gi.id(),
                    gi.computeInstances().stream().map(ComputeInstanceInfo::migDeviceUuid).toList(), null));
        }
        int furthest = blocks.stream().mapToInt(Block::end).max().orElse(0);
        int slices = product == null ? furthest : Math.max(product.placementUnits(), furthest);
        String note;
        if (gpu.migMode().current() == MigModeState.NOT_SUPPORTED) {
            note = "MIG not supported";
        } else if (gpu.migMode().current() != MigModeState.ENABLED) {
            note = gpu.migMode().changePending() ? "MIG disabled (enable pending: reset the GPU)" : "MIG disabled";
        } else if (gpu.migMode().changePending()) {
            note = "MIG enabled (disable pending: reset the GPU)";
        } else if (product == null) {
            note = "product not in the catalog: memory slices known only up to the last instance";
        } else {
            note = "";
        }
        String label = "GPU " + gpu.index() + ": " + (product == null ? gpu.name() : product.alias());
        return new SliceMap(label, gpu.index(), gpu.minor(), slices, blocks, note);
    }

    /** The same picture with another label. */
    public SliceMap withLabel(String label) {
        return new SliceMap(label, gpuIndex, gpuMinor, slices, blocks, note);
    }

    /**
     * The same picture with each block's owner set to what {@code ownerOf} answers for it ({@code null}: none). This is
     * how a caller marks allocated instances with their pod or claim, matching blocks by whatever it knows them by:
     * MIG device UUID, GI id, or the DRA device name NVIDIA's driver derives from {@link #gpuMinor()}, the profile,
     * the profile ID and the placement start.
     */
    public SliceMap withOwners(Function<? super Block, String> ownerOf) {
        Objects.requireNonNull(ownerOf, "ownerOf");
        return new SliceMap(label, gpuIndex, gpuMinor, slices,
                blocks.stream().map(b -> b.withOwner(ownerOf.apply(b))).toList(), note);
    }

    /** Whether no block occupies memory slice {@code slice}. */
    public boolean isFree(int slice) {
        return blocks.stream().noneMatch(b -> b.covers(slice));
    }

    /** The number of memory slices no block occupies. */
    public int freeSlices() {
        int free = 0;
        for (int s = 0; s < slices; s++) {
            if (isFree(s)) {
                free++;
            }
        }
        return free;
    }

    /**
     * The blocks stacked into rows so that no two blocks of a row share a memory slice: one row for a valid
     * layout, more where instances overlap. Each block goes into the first row it fits in, taking the blocks by
     * start; each row is sorted by start.
     */
    public List<List<Block>> lanes() {
        List<Block> byStart = new ArrayList<>(blocks);
        byStart.sort(Comparator.comparingInt(Block::start).thenComparing(Comparator.comparingInt(Block::size).reversed()));
        List<List<Block>> lanes = new ArrayList<>();
        for (Block b : byStart) {
            List<Block> lane = lanes.stream().filter(l -> l.stream().noneMatch(b::overlaps)).findFirst().orElse(null);
            if (lane == null) {
                lane = new ArrayList<>();
                lanes.add(lane);
            }
            lane.add(b);
        }
        return lanes.stream().map(List::copyOf).toList();
    }
}
