package io.mig4j.nvml;

import io.mig4j.api.ComputeInstanceProfile;
import io.mig4j.api.GpuInstanceProfile;
import io.mig4j.api.GpuProduct;
import io.mig4j.api.GpuVariant;
import io.mig4j.api.Placement;
import io.mig4j.api.ProfileName;
import io.mig4j.api.Verification;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The GPU instance profiles NVML reports for one GPU, and how they compare with the catalog.
 *
 * @param gpuIndex       NVML device index
 * @param name           NVML product name
 * @param pciDeviceId    16-bit PCI device id
 * @param memoryMiB      device memory
 * @param profiles       every supported profile index with its info, placements and remaining capacity
 * @param catalogProduct the catalog entry of this GPU, or {@code null} when the catalog does not know it
 */
public record ProfileDiscovery(int gpuIndex, String name, int pciDeviceId, long memoryMiB,
                               List<DiscoveredProfile> profiles, List<DiscoveredComputeProfile> computeProfiles,
                               GpuProduct catalogProduct) {

    /**
     * A compute instance profile as NVML reported it inside an existing GPU instance (NVML has no way to
     * list CI profiles without one).
     *
     * @param gpuInstanceProfileId the GI profile the GPU instance asked has
     * @param index                the CI profile index asked for
     * @param info                 {@code nvmlGpuInstanceGetComputeInstanceProfileInfoV}
     * @param placements           {@code nvmlGpuInstanceGetComputeInstancePossiblePlacements}, or {@code null} (unknown)
     *                             where the driver lacks the function or does not answer it
     * @param remainingCapacity    {@code nvmlGpuInstanceGetComputeInstanceRemainingCapacity} in that GPU instance, or
     *                             {@code null} (unknown) where the driver does not answer it
     */
    public record DiscoveredComputeProfile(int gpuInstanceProfileId, int index, ComputeInstanceProfileInfo info,
                                           List<Placement> placements, Integer remainingCapacity) {
        public DiscoveredComputeProfile {
            placements = placements == null ? null : List.copyOf(placements);
        }

        public String profileName() {
            return NodeReader.profileName(info.name());
        }
    }

    /**
     * One profile as NVML reported it.
     *
     * @param index             the NVML profile index asked for
     * @param info              {@code nvmlDeviceGetGpuInstanceProfileInfoV}
     * @param placements        {@code nvmlDeviceGetGpuInstancePossiblePlacements_v2}, or {@code null} (unknown) where
     *                          the driver lacks the function
     * @param remainingCapacity {@code nvmlDeviceGetGpuInstanceRemainingCapacity}, or {@code null} where NVML
     *                          does not answer it (MIG disabled)
     * @param infoFromNvml      false on a driver without {@code nvmlDeviceGetGpuInstanceProfileInfoV}: the profile
     *                          is the catalog's (its ID and name), asked about by ID for placements and capacity,
     *                          and the other fields of {@code info} are unknown (zero), not NVML's answer
     */
    public record DiscoveredProfile(int index, GpuInstanceProfileInfo info, List<Placement> placements,
                                    Integer remainingCapacity, boolean infoFromNvml) {
        public DiscoveredProfile {
            placements = placements == null ? null : List.copyOf(placements);
        }

        /** A profile NVML described itself ({@code nvmlDeviceGetGpuInstanceProfileInfoV} answered). */
        public DiscoveredProfile(int index, GpuInstanceProfileInfo info, List<Placement> placements,
                                 Integer remainingCapacity) {
            this(index, info, placements, remainingCapacity, true);
        }

        /** The profile's name without NVML's {@code MIG } prefix. */
        public String profileName() {
            return NodeReader.profileName(info.name());
        }
    }

    public ProfileDiscovery {
        profiles = List.copyOf(profiles);
        computeProfiles = List.copyOf(computeProfiles);
    }

    public Optional<GpuProduct> catalog() {
        return Optional.ofNullable(catalogProduct);
    }

    /**
     * Every field where NVML and the catalog disagree, one line each, e.g.
     * {@code 1g.10gb (index 0) multiprocessors: catalog 14, NVML 16}. Empty when they agree; a GPU the catalog
     * does not know is one difference. A value the catalog records as a known driver variant
     * ({@link GpuProduct#driverVariants}) is not a difference but a {@link #notes() note}.
     */
    public List<String> differences() {
        return compare(false);
    }

    /**
     * Fields where NVML reports another value than the catalog's that the catalog knows from other drivers, one line
     * each, e.g. {@code 1g.10gb (index 0) memoryMiB: catalog 9984, NVML 9728 (a known driver variant: 9728, 9984)}.
     */
    public List<String> notes() {
        return compare(true);
    }

    private List<String> compare(boolean notes) {
        List<String> all = new ArrayList<>();
        List<String> known = new ArrayList<>();
        compareInto(all, known);
        return notes ? known : all;
    }

    private void compareInto(List<String> out, List<String> notes) {
        if (catalogProduct == null) {
            out.add(name + " (PCI device id " + String.format("0x%04X", pciDeviceId) + ") is not in the catalog");
            return;
        }
        if (catalogProduct.memoryMiB() != memoryMiB) {
            out.add("memoryMiB: catalog " + catalogProduct.memoryMiB() + ", NVML " + memoryMiB);
        }
        for (DiscoveredProfile d : profiles) {
            Optional<GpuInstanceProfile> c = catalogProduct.profileByIndex(d.index());
            String label = d.profileName() + " (index " + d.index() + ")";
            if (c.isEmpty()) {
                out.add(label + ": NVML reports it, the catalog does not list it");
                continue;
            }
            GpuInstanceProfile p = c.get();
            GpuInstanceInfoFields.compare(label, p, d, out, notes, catalogProduct.driverVariants(p));
        }
        for (DiscoveredComputeProfile d : computeProfiles) {
            Optional<GpuInstanceProfile> gi = catalogProduct.profileById(d.gpuInstanceProfileId());
            String label = d.profileName() + " (CI index " + d.index() + " in " + gi.map(g -> g.name().toString())
                    .orElse("GI profile " + d.gpuInstanceProfileId()) + ")";
            Optional<ComputeInstanceProfile> c = gi.flatMap(g -> g.computeInstanceProfiles().stream()
                    .filter(x -> x.index() == d.index()).findFirst());
            if (c.isEmpty()) {
                out.add(label + ": NVML reports it, the catalog does not list it");
                continue;
            }
            ComputeInstanceProfileInfo i = d.info();
            GpuInstanceInfoFields.field(out, label, "id", c.get().id(), i.id());
            GpuInstanceInfoFields.field(out, label, "slices", c.get().slices(), i.sliceCount());
            GpuInstanceInfoFields.field(out, label, "maxInstances", c.get().maxInstances(), i.instanceCount());
            if (c.get().multiprocessors() != null) {
                GpuInstanceInfoFields.field(out, label, "multiprocessors", c.get().multiprocessors(),
                        i.multiprocessorCount());
            }
            if (d.placements() != null) { // unknown on a driver without the function: nothing to compare
                GpuInstanceInfoFields.field(out, label, "placements", c.get().placements(), d.placements());
            }
        }
        for (GpuInstanceProfile p : catalogProduct.gpuInstanceProfiles()) {
            // no profiles at all: the driver could not list them (an older one), which is unknown, not a difference
            if (!profiles.isEmpty() && profiles.stream().noneMatch(d -> d.index() == p.index())) {
                out.add(p.name() + " (index " + p.index() + "): the catalog lists it, NVML does not report it");
            }
        }
    }

    /** The product as NVML describes it (CI profiles need a GPU instance to be read, so they are left empty). */
    public GpuProduct toProduct() {
        List<GpuInstanceProfile> gis = new ArrayList<>();
        for (DiscoveredProfile d : profiles) {
            GpuInstanceProfileInfo i = d.info();
            gis.add(new GpuInstanceProfile(ProfileName.parse(d.profileName()), List.of(), d.index(), i.id(),
                    i.sliceCount(), i.memorySizeMB(), i.multiprocessorCount(), i.copyEngineCount(), i.decoderCount(),
                    i.encoderCount(), i.jpegCount(), i.ofaCount(), i.instanceCount(),
                    d.placements() == null ? List.of() : d.placements(),
                    catalogProduct == null ? List.<ComputeInstanceProfile>of() : catalogProduct.profileByIndex(d.index())
                            .map(GpuInstanceProfile::computeInstanceProfiles).orElse(List.of()), Set.of()));
        }
        String alias = catalogProduct != null ? catalogProduct.alias() : name.replaceFirst("^NVIDIA ", "").replace(' ', '-');
        return new GpuProduct(alias, catalogProduct != null ? catalogProduct.architecture() : "unknown",
                catalogProduct != null ? catalogProduct.brand() : "unknown",
                catalogProduct != null ? catalogProduct.computeCapability() : "unknown", memoryMiB,
                catalogProduct != null ? catalogProduct.minDriver() : "unknown", Verification.HARDWARE_VERIFIED,
                "discovered through NVML on " + name, List.of(new GpuVariant(pciDeviceId, name, "unknown")), gis,
                Set.of());
    }

    /** Field-by-field comparison of a catalog profile with NVML's answer. */
    static final class GpuInstanceInfoFields {
        private GpuInstanceInfoFields() {
        }

        static void compare(String label, GpuInstanceProfile p, DiscoveredProfile d, List<String> out,
                            List<String> notes, List<io.mig4j.api.DriverVariant> variants) {
            if (!d.infoFromNvml()) { // an older driver described nothing but placements: nothing else to compare
                if (d.placements() != null) {
                    field(out, label, "placements", p.placements(), d.placements());
                }
                return;
            }
            GpuInstanceProfileInfo i = d.info();
            field(out, label, "name", p.name().toString(), d.profileName());
            field(out, label, "id", p.id(), i.id());
            field(out, label, "slices", p.slices(), i.sliceCount());
            numeric(out, notes, variants, p, label, "memoryMiB", p.memoryMiB(), i.memorySizeMB());
            numeric(out, notes, variants, p, label, "multiprocessors", p.multiprocessors(), i.multiprocessorCount());
            numeric(out, notes, variants, p, label, "copyEngines", p.copyEngines(), i.copyEngineCount());
            numeric(out, notes, variants, p, label, "decoders", p.decoders(), i.decoderCount());
            numeric(out, notes, variants, p, label, "encoders", p.encoders(), i.encoderCount());
            numeric(out, notes, variants, p, label, "jpegEngines", p.jpegEngines(), i.jpegCount());
            numeric(out, notes, variants, p, label, "ofaEngines", p.ofaEngines(), i.ofaCount());
            numeric(out, notes, variants, p, label, "maxInstances", p.maxInstances(), i.instanceCount());
            if (d.placements() != null) {
                field(out, label, "placements", p.placements(), d.placements());
            }
        }

        /** A numeric field: a value another driver is known to report is a note, anything else a difference. */
        static void numeric(List<String> out, List<String> notes, List<io.mig4j.api.DriverVariant> variants,
                            GpuInstanceProfile p, String label, String field, long catalog, long nvml) {
            if (catalog == nvml) {
                return;
            }
            variants.stream().filter(v -> v.covers(p.name().toString(), field, nvml)).findFirst().ifPresentOrElse(
                    v -> notes.add(label + " " + field + ": catalog " + catalog + ", NVML " + nvml
                            + " (a known driver variant: " + v.values().stream().map(String::valueOf)
                            .collect(java.util.stream.Collectors.joining(", ")) + ")"),
                    () -> out.add(label + " " + field + ": catalog " + catalog + ", NVML " + nvml));
        }

        static void field(List<String> out, String label, String field, Object catalog, Object nvml) {
            if (!Objects.equals(catalog, nvml)) {
                out.add(label + " " + field + ": catalog " + catalog + ", NVML " + nvml);
            }
        }
    }
}
