package io.mig4j.dra;

/**
 * The names NVIDIA's DRA driver for GPUs uses (kubernetes-sigs/dra-driver-nvidia-gpu, main 95932046): its driver
 * name, the DeviceClasses its Helm chart installs, the attributes and capacities it publishes, the opaque
 * configuration API. Sources: {@code cmd/gpu-kubelet-plugin/deviceinfo.go}, {@code mig.go}, {@code partitions.go},
 * {@code device_health.go}, {@code deployments/helm/dra-driver-nvidia-gpu/templates/deviceclass-*.yaml},
 * {@code api/nvidia.com/resource/v1beta1/api.go}.
 */
public final class NvidiaDra {
    /** The GPU kubelet plugin's driver name, also the domain of its attributes and capacities. */
    public static final String DRIVER = "gpu.nvidia.com";
    /** The API version of NVIDIA's opaque device configuration. */
    public static final String CONFIG_API_VERSION = "resource.nvidia.com/v1beta1";

    /** DeviceClass for full GPUs (also the driver name). */
    public static final String CLASS_GPU = "gpu.nvidia.com";
    /** DeviceClass for MIG devices. */
    public static final String CLASS_MIG = "mig.nvidia.com";
    /** DeviceClass for VFIO pass-through GPUs. */
    public static final String CLASS_VFIO = "vfio.gpu.nvidia.com";
    /** The extended resource name the chart gives the {@code gpu.nvidia.com} class on {@code resource.k8s.io/v1}. */
    public static final String EXTENDED_RESOURCE_GPU = "nvidia.com/gpu";

    /** Device types ({@code type} attribute). */
    public static final String TYPE_GPU = "gpu";
    /** A MIG device. */
    public static final String TYPE_MIG = "mig";
    /** A VFIO pass-through GPU. */
    public static final String TYPE_VFIO = "vfio";

    public static final String ATTR_TYPE = "type";
    public static final String ATTR_UUID = "uuid";
    public static final String ATTR_PARENT_UUID = "parentUUID";
    public static final String ATTR_PROFILE = "profile";
    public static final String ATTR_PRODUCT_NAME = "productName";
    public static final String ATTR_BRAND = "brand";
    public static final String ATTR_ARCHITECTURE = "architecture";
    public static final String ATTR_CUDA_COMPUTE_CAPABILITY = "cudaComputeCapability";
    public static final String ATTR_DRIVER_VERSION = "driverVersion";
    public static final String ATTR_CUDA_DRIVER_VERSION = "cudaDriverVersion";
    public static final String ATTR_ADDRESSING_MODE = "addressingMode";
    /** Kubernetes' standard attribute for the PCI address. */
    public static final String ATTR_PCI_BUS_ID = "resource.kubernetes.io/pciBusID";
    /** Kubernetes' standard attribute for the PCIe root complex. */
    public static final String ATTR_PCIE_ROOT = "resource.kubernetes.io/pcieRoot";
    /** Kubernetes' standard attribute for the NUMA node. */
    public static final String ATTR_NUMA_NODE = "resource.kubernetes.io/numaNode";
    /** The fully qualified parent UUID, for {@code matchAttribute} constraints ("on the same GPU"). */
    public static final String FQ_PARENT_UUID = DRIVER + "/" + ATTR_PARENT_UUID;

    public static final String CAPACITY_MEMORY = "memory";
    public static final String CAPACITY_MULTIPROCESSORS = "multiprocessors";
    public static final String CAPACITY_COPY_ENGINES = "copyEngines";
    public static final String CAPACITY_DECODERS = "decoders";
    public static final String CAPACITY_ENCODERS = "encoders";
    public static final String CAPACITY_JPEG_ENGINES = "jpegEngines";
    public static final String CAPACITY_OFA_ENGINES = "ofaEngines";

    /** Device taint keys of the driver's health monitoring. */
    public static final String TAINT_XID = DRIVER + "/xid";
    public static final String TAINT_GPU_LOST = DRIVER + "/gpu-lost";
    public static final String TAINT_UNMONITORED = DRIVER + "/unmonitored";

    private NvidiaDra() {
    }
}
