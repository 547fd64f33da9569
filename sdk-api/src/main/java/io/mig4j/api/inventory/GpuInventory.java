package io.mig4j.api.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One GPU of a node, what NVIDIA's DRA driver publishes about it, and its MIG state. Build one in tests with
 * {@link #builder()}.
 *
 * @param index                 NVML device index
 * @param minor                 the device minor number ({@code /dev/nvidia<minor>}); NVIDIA's DRA driver names
 *                              devices after it ({@code gpu-<minor>})
 * @param uuid                  {@code GPU-<uuid>}
 * @param name                  NVML product name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param brand                 the brand as NVIDIA's DRA driver publishes it, e.g. {@code Nvidia}
 * @param architecture          the architecture as NVIDIA's DRA driver publishes it, e.g. {@code Hopper}
 * @param cudaComputeCapability {@code major.minor}, e.g. {@code 9.0}
 * @param pciBusId              e.g. {@code 00000000:00:06.0}
 * @param pciDeviceId           16-bit PCI device id, e.g. 0x2330
 * @param numaNode              the NUMA node NVML reports for the GPU, or {@code null} when unknown
 * @param addressingMode        {@code HMM}, {@code ATS} or {@code None} on coherent-memory systems, or {@code null}
 *                              when not reported
 * @param product               the catalog alias of the product, or {@code null} when the catalog does not know the GPU
 * @param memoryMiB             total memory
 * @param migMode               MIG mode, current and pending
 * @param gpuInstances          the GPU instances (empty when MIG is disabled)
 * @param healthEvents          what makes the GPU unhealthy; empty when nothing is known against it
 */
public record GpuInventory(int index, int minor, String uuid, String name, String brand, String architecture,
                           String cudaComputeCapability, String pciBusId, int pciDeviceId, Integer numaNode,
                           String addressingMode, String product, long memoryMiB, MigMode migMode,
                           List<GpuInstanceInfo> gpuInstances, List<GpuHealthEvent> healthEvents) {
    public GpuInventory {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(brand, "brand");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(cudaComputeCapability, "cudaComputeCapability");
        Objects.requireNonNull(pciBusId, "pciBusId");
        Objects.requireNonNull(migMode, "migMode");
        gpuInstances = List.copyOf(gpuInstances);
        healthEvents = List.copyOf(healthEvents);
    }

    /** Every MIG device UUID of this GPU, in GI then CI order. */
    public List<String> migDeviceUuids() {
        return gpuInstances.stream().flatMap(g -> g.computeInstances().stream())
                .map(ComputeInstanceInfo::migDeviceUuid).toList();
    }

    /** Whether no health event is known against the GPU. */
    public boolean healthy() {
        return healthEvents.isEmpty();
    }

    /** A builder starting from this GPU, to change a few fields. */
    public Builder toBuilder() {
        return new Builder().index(index).minor(minor).uuid(uuid).name(name).brand(brand).architecture(architecture)
                .cudaComputeCapability(cudaComputeCapability).pciBusId(pciBusId).pciDeviceId(pciDeviceId)
                .numaNode(numaNode).addressingMode(addressingMode).product(product).memoryMiB(memoryMiB)
                .migMode(migMode).gpuInstances(gpuInstances).healthEvents(healthEvents);
    }

    /**
     * A builder with every field unset: {@link Builder#build()} needs at least {@code uuid}, {@code name},
     * {@code brand}, {@code architecture}, {@code cudaComputeCapability}, {@code pciBusId} and {@code migMode};
     * numbers default to 0, lists to empty, the nullable fields to {@code null}.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Collects the fields of a {@link GpuInventory}; not thread-safe. */
    public static final class Builder {
        private int index;
        private int minor;
        private String uuid;
        private String name;
        private String brand;
        private String architecture;
        private String cudaComputeCapability;
        private String pciBusId;
        private int pciDeviceId;
        private Integer numaNode;
        private String addressingMode;
        private String product;
        private long memoryMiB;
        private MigMode migMode;
        private List<GpuInstanceInfo> gpuInstances = new ArrayList<>();
        private List<GpuHealthEvent> healthEvents = new ArrayList<>();

        private Builder() {
        }

        /** See {@link GpuInventory#index()}. */
        public Builder index(int index) {
            this.index = index;
            return this;
        }

        /** See {@link GpuInventory#minor()}. */
        public Builder minor(int minor) {
            this.minor = minor;
            return this;
        }

        /** See {@link GpuInventory#uuid()}. */
        public Builder uuid(String uuid) {
            this.uuid = uuid;
            return this;
        }

        /** See {@link GpuInventory#name()}. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** See {@link GpuInventory#brand()}. */
        public Builder brand(String brand) {
            this.brand = brand;
            return this;
        }

        /** See {@link GpuInventory#architecture()}. */
        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        /** See {@link GpuInventory#cudaComputeCapability()}. */
        public Builder cudaComputeCapability(String cudaComputeCapability) {
            this.cudaComputeCapability = cudaComputeCapability;
            return this;
        }

        /** See {@link GpuInventory#pciBusId()}. */
        public Builder pciBusId(String pciBusId) {
            this.pciBusId = pciBusId;
            return this;
        }

        /** See {@link GpuInventory#pciDeviceId()}. */
        public Builder pciDeviceId(int pciDeviceId) {
            this.pciDeviceId = pciDeviceId;
            return this;
        }

        /** See {@link GpuInventory#numaNode()}; {@code null} for unknown. */
        public Builder numaNode(Integer numaNode) {
            this.numaNode = numaNode;
            return this;
        }

        /** See {@link GpuInventory#addressingMode()}; {@code null} for not reported. */
        public Builder addressingMode(String addressingMode) {
            this.addressingMode = addressingMode;
            return this;
        }

        /** See {@link GpuInventory#product()}; {@code null} for a GPU the catalog does not know. */
        public Builder product(String product) {
            this.product = product;
            return this;
        }

        /** See {@link GpuInventory#memoryMiB()}. */
        public Builder memoryMiB(long memoryMiB) {
            this.memoryMiB = memoryMiB;
            return this;
        }

        /** See {@link GpuInventory#migMode()}. */
        public Builder migMode(MigMode migMode) {
            this.migMode = migMode;
            return this;
        }

        /** Replaces the GPU instances. */
        public Builder gpuInstances(List<GpuInstanceInfo> gpuInstances) {
            this.gpuInstances = new ArrayList<>(gpuInstances);
            return this;
        }

        /** Adds one GPU instance. */
        public Builder gpuInstance(GpuInstanceInfo gpuInstance) {
            this.gpuInstances.add(Objects.requireNonNull(gpuInstance, "gpuInstance"));
            return this;
        }

        /** Replaces the health events. */
        public Builder healthEvents(List<GpuHealthEvent> healthEvents) {
            this.healthEvents = new ArrayList<>(healthEvents);
            return this;
        }

        /** Adds one health event. */
        public Builder healthEvent(GpuHealthEvent healthEvent) {
            this.healthEvents.add(Objects.requireNonNull(healthEvent, "healthEvent"));
            return this;
        }

        /**
         * The GPU.
         *
         * @throws NullPointerException naming the first required field that is unset
         */
        public GpuInventory build() {
            return new GpuInventory(index, minor, uuid, name, brand, architecture, cudaComputeCapability, pciBusId,
                    pciDeviceId, numaNode, addressingMode, product, memoryMiB, migMode, gpuInstances, healthEvents);
        }
    }
}
