package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.resource.v1.Counter;
import io.fabric8.kubernetes.api.model.resource.v1.CounterSet;
import io.fabric8.kubernetes.api.model.resource.v1.Device;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSliceSpec;
import io.mig4j.dra.Quantity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A ResourceSlice as the allocator reads it: its spec's fields, its devices as {@link DeviceView}s and its shared
 * counter sets with parsed quantities. Built once per {@link ResourceSnapshot}.
 */
final class SliceView {
    final ResourceSlice slice;
    final String name;
    final String driver;
    final String pool;
    final long generation;
    final long sliceCount;
    final String nodeName;
    final boolean allNodes;
    final NodeSelector nodeSelector;
    /** {@code perDeviceNodeSelection} is set at all (Kubernetes checks the pointer, not the value, in one place). */
    final boolean perDeviceNodeSelectionSet;
    final boolean perDeviceNodeSelection;
    final List<CounterSet> sharedCounters;
    final List<DeviceView> devices;
    private volatile Map<String, Map<String, Quantity>> counterSets;

    SliceView(ResourceSlice slice) {
        this.slice = slice;
        ResourceSliceSpec spec = slice.getSpec();
        if (spec == null || spec.getPool() == null) {
            throw new IllegalArgumentException("ResourceSlice " + Names.name(slice) + ": spec.pool: Required value");
        }
        this.name = Names.name(slice);
        this.driver = nonNull(spec.getDriver());
        this.pool = nonNull(spec.getPool().getName());
        this.generation = spec.getPool().getGeneration() == null ? 0 : spec.getPool().getGeneration();
        this.sliceCount = spec.getPool().getResourceSliceCount() == null ? 0 : spec.getPool().getResourceSliceCount();
        this.nodeName = spec.getNodeName();
        this.allNodes = Boolean.TRUE.equals(spec.getAllNodes());
        this.nodeSelector = spec.getNodeSelector();
        this.perDeviceNodeSelectionSet = spec.getPerDeviceNodeSelection() != null;
        this.perDeviceNodeSelection = Boolean.TRUE.equals(spec.getPerDeviceNodeSelection());
        this.sharedCounters = spec.getSharedCounters() == null ? List.of() : spec.getSharedCounters();
        List<DeviceView> views = new ArrayList<>();
        List<Device> specDevices = spec.getDevices() == null ? List.of() : spec.getDevices();
        for (int i = 0; i < specDevices.size(); i++) {
            views.add(new DeviceView(this, i, specDevices.get(i)));
        }
        this.devices = Collections.unmodifiableList(views);
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Whether the slice names a node ({@code nodeName} set and not empty). */
    boolean hasNodeName() {
        return nodeName != null && !nodeName.isEmpty();
    }

    /** The shared counter sets by name, counters as quantities; a duplicate name keeps the first (checked elsewhere). */
    Map<String, Map<String, Quantity>> counterSets() {
        Map<String, Map<String, Quantity>> sets = counterSets;
        if (sets == null) {
            sets = new LinkedHashMap<>();
            for (CounterSet cs : sharedCounters) {
                Map<String, Quantity> counters = new LinkedHashMap<>();
                if (cs.getCounters() != null) {
                    for (Map.Entry<String, Counter> c : cs.getCounters().entrySet()) {
                        counters.put(c.getKey(), DeviceView.quantity(c.getValue() == null ? null : c.getValue().getValue()));
                    }
                }
                sets.putIfAbsent(cs.getName(), Collections.unmodifiableMap(counters));
            }
            counterSets = sets;
        }
        return sets;
    }

    @Override
    public String toString() {
        return name;
    }
}
