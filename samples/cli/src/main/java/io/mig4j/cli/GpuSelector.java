package io.mig4j.cli;

import io.mig4j.nvml.Nvml;
import io.mig4j.nvml.NvmlException;
import io.mig4j.nvml.NvmlReturn;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Resolves {@code --gpu} values of node commands: NVML indexes or GPU UUIDs. */
final class GpuSelector {
    private GpuSelector() {
    }

    static Set<Integer> resolve(Nvml nvml, List<String> values) {
        Set<Integer> out = new LinkedHashSet<>();
        if (values == null) {
            return out;
        }
        int count = nvml.deviceGetCount();
        for (String v : values) {
            String s = v.strip();
            if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
                int index;
                try {
                    index = Integer.parseInt(s);
                } catch (NumberFormatException e) {
                    index = -1;
                }
                if (index < 0 || index >= count) {
                    throw new BadInputException("--gpu " + s + ": no such GPU (this node has " + count + ", indexes 0 to "
                            + (count - 1) + ")");
                }
                out.add(index);
            } else if (s.startsWith("GPU-")) {
                out.add(indexOf(nvml, s, count));
            } else {
                throw new BadInputException("--gpu '" + s + "': expected a GPU index (0, 1, ...) or a GPU UUID (GPU-...)");
            }
        }
        return out;
    }

    private static int indexOf(Nvml nvml, String uuid, int count) {
        for (int i = 0; i < count; i++) {
            if (nvml.deviceGetUuid(nvml.deviceGetHandleByIndex(i)).equalsIgnoreCase(uuid)) {
                return i;
            }
        }
        throw new BadInputException("--gpu " + uuid + ": no GPU of this node has that UUID");
    }

    /** NVML errors that mean the request was wrong rather than the GPU. */
    static boolean isBadInput(NvmlException e) {
        return e.result() == NvmlReturn.ERROR_NOT_FOUND;
    }
}
