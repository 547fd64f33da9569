package io.mig4j.nvml;

import io.mig4j.api.Placement;

/**
 * One change of a {@link MigPlan}. GPU instances are named by GPU index and placement start, which is unique
 * on a GPU and known before the driver assigns the GI id.
 */
public sealed interface MigStep {

    /** The NVML index of the GPU the step changes. */
    int gpu();

    /** Whether the step removes something that exists now. */
    default boolean destructive() {
        return this instanceof DestroyComputeInstance || this instanceof DestroyGpuInstance || this instanceof SetMigMode s
                && !s.enable();
    }

    record SetMigMode(int gpu, boolean enable) implements MigStep {
        @Override
        public String toString() {
            return "GPU " + gpu + ": " + (enable ? "enable" : "disable") + " MIG mode";
        }
    }

    record DestroyComputeInstance(int gpu, int gpuInstanceId, Placement gpuInstancePlacement, int computeInstanceId,
                                  String profileName, String migDeviceUuid) implements MigStep {
        @Override
        public String toString() {
            return "GPU " + gpu + ": destroy compute instance " + computeInstanceId + " (" + profileName + ") of GPU instance "
                    + gpuInstanceId + (migDeviceUuid == null ? "" : ", " + migDeviceUuid);
        }
    }

    record DestroyGpuInstance(int gpu, int gpuInstanceId, String profileName, Placement placement) implements MigStep {
        @Override
        public String toString() {
            return "GPU " + gpu + ": destroy GPU instance " + gpuInstanceId + " (" + profileName + " at memory slices "
                    + range(placement) + ")";
        }
    }

    record CreateGpuInstance(int gpu, String profileName, int profileId, Placement placement) implements MigStep {
        @Override
        public String toString() {
            return "GPU " + gpu + ": create GPU instance " + profileName + " (profile ID " + profileId
                    + ") at memory slices " + range(placement);
        }
    }

    /** A compute instance in the GPU instance at {@code gpuInstancePlacement}; a null placement lets NVML choose. */
    record CreateComputeInstance(int gpu, Placement gpuInstancePlacement, String profileName, int profileId,
                                 Placement placement) implements MigStep {
        @Override
        public String toString() {
            return "GPU " + gpu + ": create compute instance " + profileName + " (CI profile ID " + profileId
                    + ") in the GPU instance at memory slices " + range(gpuInstancePlacement)
                    + (placement == null ? "" : ", compute slices " + range(placement));
        }
    }

    /** {@code start:size}, as {@code nvidia-smi mig -lgi} writes placements, and as the inventory does. */
    private static String range(Placement p) {
        return p.toString();
    }
}
