package io.mig4j.api.migparted;

import io.mig4j.api.GpuProduct;
import io.mig4j.api.ProfileName;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One device entry of a mig-parted config: which GPUs it selects and what MIG state they should have.
 * A config holds several entries so that one name ({@code all-balanced}) can mean a different layout on each
 * GPU model (told apart by {@code device-filter}) or on each GPU of a node (told apart by {@code devices}).
 *
 * @param deviceFilter 16-bit PCI device ids the entry is restricted to, in the order written; empty for no filter
 * @param devices      the GPUs of the node it selects
 * @param migEnabled   whether MIG mode should be on
 * @param migDevices   the instances to create, in the order written; empty when MIG is disabled
 */
public record MigPartedDeviceEntry(List<Integer> deviceFilter, MigPartedDevices devices, boolean migEnabled,
                                   List<MigPartedProfileCount> migDevices) {

    public MigPartedDeviceEntry {
        deviceFilter = List.copyOf(deviceFilter);
        Objects.requireNonNull(devices, "devices");
        migDevices = List.copyOf(migDevices);
        for (int id : deviceFilter) {
            if (id < 0 || id > 0xFFFF) {
                throw new IllegalArgumentException("PCI device id must be 16 bits, got " + id);
            }
        }
        if (!migEnabled && !migDevices.isEmpty()) {
            throw new IllegalArgumentException("mig-devices must be empty when mig-enabled is false, got " + migDevices);
        }
        Map<ProfileName, String> seen = new HashMap<>();
        for (MigPartedProfileCount c : migDevices) {
            String previous = seen.putIfAbsent(c.name(), c.text());
            if (previous != null) {
                throw new IllegalArgumentException("'" + c.text() + "' names the same profile as '" + previous
                        + "'; list each profile once");
            }
        }
    }

    /** MIG disabled on the selected GPUs. */
    public static MigPartedDeviceEntry disabled(MigPartedDevices devices) {
        return new MigPartedDeviceEntry(List.of(), devices, false, List.of());
    }

    /**
     * MIG enabled with these instances, in the map's iteration order (use a {@link LinkedHashMap} to keep it).
     *
     * @throws InvalidProfileNameException when a key is not a MIG profile name
     */
    public static MigPartedDeviceEntry enabled(MigPartedDevices devices, Map<String, Integer> migDevices) {
        List<MigPartedProfileCount> counts = new ArrayList<>();
        migDevices.forEach((text, count) -> counts.add(MigPartedProfileCount.of(text, count)));
        return new MigPartedDeviceEntry(List.of(), devices, true, counts);
    }

    /** This entry restricted to GPUs with these 16-bit PCI device ids (e.g. {@code 0x2330}). */
    public MigPartedDeviceEntry withDeviceFilter(int... pciDeviceIds) {
        return new MigPartedDeviceEntry(Arrays.stream(pciDeviceIds).boxed().toList(), devices, migEnabled,
                migDevices);
    }

    /** Whether the entry names the GPU models it is meant for. */
    public boolean hasDeviceFilter() {
        return !deviceFilter.isEmpty();
    }

    /** Whether mig-parted would apply this entry to a GPU with this 16-bit PCI device id. */
    public boolean matchesPciDeviceId(int pciDeviceId) {
        return deviceFilter.isEmpty() || deviceFilter.contains(pciDeviceId);
    }

    /** Whether mig-parted would apply this entry to some board of this product. */
    public boolean appliesTo(GpuProduct product) {
        return deviceFilter.isEmpty() || deviceFilter.stream().anyMatch(product::hasPciDeviceId);
    }

    /** Profile text to count, in the order written. */
    public Map<String, Integer> migDeviceCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        migDevices.forEach(c -> out.put(c.text(), c.count()));
        return Collections.unmodifiableMap(out);
    }

    /** How many GPU instances the entry creates on each selected GPU. */
    public int instanceCount() {
        return migDevices.stream().mapToInt(MigPartedProfileCount::count).sum();
    }
}
