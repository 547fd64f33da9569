package io.mig4j.api;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A MIG-capable GPU product: its boards and its GPU instance profiles, as NVML reports them.
 *
 * @param alias             short name, e.g. {@code H100-80GB}
 * @param architecture      Ampere, Hopper, Blackwell: the name NVIDIA's DRA driver publishes for NVML's architecture
 * @param brand             the brand NVML reports, as NVIDIA's DRA driver publishes it: {@code Nvidia} for data-center
 *                          GPUs ({@code NVML_BRAND_NVIDIA}), {@code NvidiaRTX} for RTX boards
 * @param computeCapability CUDA compute capability, e.g. {@code 9.0}
 * @param memoryMiB         total device memory NVML reports
 * @param minDriver         the oldest driver NVIDIA supports MIG on this product with
 * @param verification      how the entry is known
 * @param source            where the numbers come from (the GPU and driver they were compared on, or the documents)
 * @param variants          the boards, each with PCI device id and NVML name
 * @param gpuInstanceProfiles every GI profile NVML reports, in NVML index order
 * @param unconfirmed       names of product-level fields that come from documentation or inference
 */
public record GpuProduct(String alias, String architecture, String brand, String computeCapability, long memoryMiB,
                         String minDriver, Verification verification, String source, List<GpuVariant> variants,
                         List<GpuInstanceProfile> gpuInstanceProfiles, Set<String> unconfirmed) {

    public GpuProduct {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(verification, "verification");
        variants = List.copyOf(variants);
        gpuInstanceProfiles = List.copyOf(gpuInstanceProfiles);
        unconfirmed = Set.copyOf(unconfirmed);
        if (variants.isEmpty()) {
            throw new IllegalArgumentException("product " + alias + " has no variants");
        }
        if (gpuInstanceProfiles.isEmpty()) {
            throw new IllegalArgumentException("product " + alias + " has no GPU instance profiles");
        }
    }

    /** The number of placement units (slots) GI placements are counted in: the end of the furthest placement. */
    public int placementUnits() {
        return gpuInstanceProfiles.stream().flatMap(p -> p.placements().stream()).mapToInt(Placement::end).max()
                .orElseThrow();
    }

    /** The number of compute slices of the whole GPU: the slices of its largest profile (7 on A100/H100). */
    public int computeSlices() {
        return gpuInstanceProfiles.stream().mapToInt(GpuInstanceProfile::slices).max().orElseThrow();
    }

    /** The profile with this NVML index constant value. */
    public Optional<GpuInstanceProfile> profileByIndex(int index) {
        return gpuInstanceProfiles.stream().filter(p -> p.index() == index).findFirst();
    }

    /** The profile with this GPU-specific profile ID (e.g. 19 for {@code 1g.10gb} on an H100). */
    public Optional<GpuInstanceProfile> profileById(int id) {
        return gpuInstanceProfiles.stream().filter(p -> p.id() == id).findFirst();
    }

    /** The profile with this name or alias. */
    public Optional<GpuInstanceProfile> profileByName(ProfileName name) {
        return gpuInstanceProfiles.stream().filter(p -> p.name().equals(name)).findFirst()
                .or(() -> gpuInstanceProfiles.stream().filter(p -> p.isNamed(name)).findFirst());
    }

    /**
     * Resolves a profile as a user writes it: a name ({@code 1g.10gb}, {@code MIG 1g.10gb}) or a numeric
     * profile ID ({@code 19}), as {@code nvidia-smi mig -cgi} accepts.
     *
     * @throws UnknownProfileException naming the product and its profiles when nothing matches
     * @throws InvalidProfileNameException when the text is neither a number nor a well-formed name
     */
    public GpuInstanceProfile profile(String nameOrId) {
        String s = nameOrId.strip();
        if (!s.isEmpty() && s.chars().allMatch(Character::isDigit)) {
            int id;
            try {
                id = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new UnknownProfileException(this, s);
            }
            return profileById(id).orElseThrow(() -> new UnknownProfileException(this, s));
        }
        ProfileName name = ProfileName.parse(s);
        if (name.isComputeInstance()) {
            throw new UnknownProfileException(this, s, "is a compute instance profile; expected a GPU instance"
                    + " profile such as " + name.gpuInstanceName());
        }
        return profileByName(name).orElseThrow(() -> new UnknownProfileException(this, s));
    }

    /** The full-GPU profile (the one with the most slices), e.g. {@code 7g.80gb}. */
    public GpuInstanceProfile fullProfile() {
        return gpuInstanceProfiles.stream().max(Comparator.comparingInt(GpuInstanceProfile::slices)
                .thenComparingLong(GpuInstanceProfile::memoryMiB)).orElseThrow();
    }

    /** Whether one of the boards has this 16-bit PCI device id. */
    public boolean hasPciDeviceId(int pciDeviceId) {
        return variants.stream().anyMatch(v -> v.pciDeviceId() == pciDeviceId);
    }

    /** Whether every profile and field was compared with a real GPU. */
    public boolean hardwareVerified() {
        return verification == Verification.HARDWARE_VERIFIED;
    }

    @Override
    public String toString() {
        return alias;
    }
}
