package io.mig4j.nvml;

import static org.assertj.core.api.Assertions.assertThat;

import io.mig4j.api.inventory.GpuInventory;
import io.mig4j.api.inventory.Inventory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Issue 6 §5, degrade don't die: {@link MigManager}'s reads against the old-driver variant of the C double, which
 * lacks {@code nvmlSystemGetCudaDriverVersion_v2}, {@code nvmlDeviceGetGpuInstanceProfileInfoV},
 * {@code nvmlDeviceGetNumaNodeId} and {@code nvmlGpuInstanceGetComputeInstancePossiblePlacements}: everything else
 * is read, the missing fields are unknown ({@code null}), and the functions are named once.
 */
class MigManagerOldDriverTest {

    private static String oldDouble() {
        String path = System.getProperty(NvmlBindingContractTest.OLD_DOUBLE_PROPERTY);
        Assumptions.assumeTrue(path != null && Files.isRegularFile(Path.of(path)), NvmlBindingContractTest.GCC_MISSING);
        return path;
    }

    @Test
    void inventoryReadsEverythingTheOldDriverAnswersAndNamesWhatItDoesNot() {
        try (Nvml nvml = NvmlLoader.load(NvmlLoader.Options.defaults().withLibrary(oldDouble())
                .withBackend(NvmlLoader.Backend.JNA))) {
            nvml.init();
            MigManager manager = MigManager.builder(nvml).build();
            Inventory inventory = manager.inventory();
            assertThat(inventory.cudaDriverVersion()).isNull();
            assertThat(inventory.driverVersion()).isEqualTo("580.95.05");
            assertThat(inventory.gpus()).hasSize(2);
            GpuInventory h100 = inventory.gpus().get(0);
            assertThat(h100.numaNode()).isNull();
            assertThat(h100.product()).isEqualTo("H100-80GB");
            // the GPU instances are still listed: by the catalog's profile IDs, since the profile info call is missing
            assertThat(h100.gpuInstances()).singleElement().satisfies(gi -> {
                assertThat(gi.profileName()).isEqualTo("3g.40gb");
                assertThat(gi.placement().toString()).isEqualTo("4:4");
                assertThat(gi.computeInstances()).hasSize(1);
            });
            assertThat(manager.unansweredFunctions()).contains(
                    "nvmlSystemGetCudaDriverVersion_v2 (FUNCTION_NOT_FOUND)",
                    "nvmlDeviceGetGpuInstanceProfileInfoV (FUNCTION_NOT_FOUND)",
                    "nvmlDeviceGetNumaNodeId (FUNCTION_NOT_FOUND)");

            // profile discovery lists the catalog's profiles of the product, asks NVML about each by ID (placements,
            // capacity: the rest of the table), leaves their description unknown and claims no difference
            ProfileDiscovery discovery = manager.discoverProfiles(0);
            assertThat(discovery.profiles()).extracting(ProfileDiscovery.DiscoveredProfile::profileName)
                    .containsExactly("1g.10gb", "2g.20gb", "3g.40gb", "4g.40gb", "7g.80gb", "1g.10gb+me", "1g.20gb");
            assertThat(discovery.profiles()).allMatch(p -> !p.infoFromNvml() && p.placements() != null
                    && !p.placements().isEmpty());
            assertThat(discovery.profiles().get(2).placements()).extracting(Object::toString)
                    .containsExactly("0:4", "4:4");
            assertThat(discovery.profiles().get(2).remainingCapacity()).isEqualTo(1); // one 3g exists at 4:4
            assertThat(discovery.name()).isEqualTo("NVIDIA H100 80GB HBM3");
            assertThat(discovery.differences()).isEmpty();
            // compute instance profiles are read inside the existing 3g instance; their placements are unknown
            assertThat(discovery.computeProfiles()).isNotEmpty().allMatch(c -> c.placements() == null);
            assertThat(manager.unansweredFunctions())
                    .contains("nvmlGpuInstanceGetComputeInstancePossiblePlacements (FUNCTION_NOT_FOUND)");
        }
    }
}
