package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import io.mig4j.dra.allocation.Pools.Pool;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The published side of a cluster as the allocator reads it: ResourceSlices (indexed by node, as
 * {@code NewAllocator} indexes them) and DeviceClasses by name. Build it once per change of slices or classes and
 * share it between {@link Allocator}s: it also keeps what can be computed once (a node's resource pools, each
 * device's CEL view and selector results).
 *
 * @implSpec Immutable from the outside and thread-safe.
 */
public final class ResourceSnapshot {
    private final List<SliceView> slices;
    private final Map<String, List<SliceView>> onNode = new HashMap<>();
    private final List<SliceView> shared = new ArrayList<>();
    private final Map<String, DeviceClass> classes = new LinkedHashMap<>();
    private final Map<PoolKey, List<Pool>> pools = new ConcurrentHashMap<>();

    private record PoolKey(String node, Map<String, String> labels, boolean partitionable) {
    }

    private ResourceSnapshot(Collection<ResourceSlice> slices, Collection<DeviceClass> classes) {
        List<SliceView> views = new ArrayList<>();
        for (ResourceSlice s : slices) {
            SliceView v = new SliceView(Objects.requireNonNull(s, "slice"));
            views.add(v);
            if (v.hasNodeName()) {
                onNode.computeIfAbsent(v.nodeName, n -> new ArrayList<>()).add(v);
            } else {
                shared.add(v);
            }
        }
        this.slices = Collections.unmodifiableList(views);
        for (DeviceClass c : classes) {
            this.classes.putIfAbsent(Names.name(Objects.requireNonNull(c, "class")), c);
        }
    }

    /** A snapshot of these slices and classes. */
    public static ResourceSnapshot of(Collection<ResourceSlice> slices, Collection<DeviceClass> classes) {
        return new ResourceSnapshot(Objects.requireNonNull(slices, "slices"), Objects.requireNonNull(classes, "classes"));
    }

    /** The DeviceClass of that name. */
    public Optional<DeviceClass> deviceClass(String name) {
        return Optional.ofNullable(classes.get(name));
    }

    /** Every DeviceClass, in the order given. */
    public Collection<DeviceClass> deviceClasses() {
        return Collections.unmodifiableCollection(classes.values());
    }

    /** Every slice, in the order given. */
    public List<ResourceSlice> slices() {
        return slices.stream().map(s -> s.slice).toList();
    }

    /**
     * The nodes the slices name, sorted: slice and device {@code nodeName}s and the names a node selector lists
     * under {@code metadata.name In [...]}.
     */
    public List<String> nodeNames() {
        TreeSet<String> names = new TreeSet<>();
        for (SliceView s : slices) {
            if (s.hasNodeName()) {
                names.add(s.nodeName);
            }
            addNames(s.nodeSelector, names);
            for (DeviceView d : s.devices) {
                if (d.device.getNodeName() != null && !d.device.getNodeName().isEmpty()) {
                    names.add(d.device.getNodeName());
                }
                addNames(d.device.getNodeSelector(), names);
            }
        }
        return new ArrayList<>(names);
    }

    private static void addNames(NodeSelector selector, TreeSet<String> names) {
        if (selector == null || selector.getNodeSelectorTerms() == null) {
            return;
        }
        for (NodeSelectorTerm t : selector.getNodeSelectorTerms()) {
            if (t.getMatchFields() == null) {
                continue;
            }
            for (NodeSelectorRequirement r : t.getMatchFields()) {
                if (NodeSelection.NAME_FIELD.equals(r.getKey()) && "In".equals(r.getOperator())
                        && r.getValues() != null) {
                    names.addAll(r.getValues());
                }
            }
        }
    }

    List<SliceView> allSliceViews() {
        return slices;
    }

    /** The slices a node can see without node selection: those naming it, then those naming no node. */
    List<SliceView> slicesFor(String nodeName) {
        List<SliceView> own = onNode.getOrDefault(nodeName, List.of());
        if (shared.isEmpty()) {
            return own;
        }
        List<SliceView> all = new ArrayList<>(own.size() + shared.size());
        all.addAll(own);
        all.addAll(shared);
        return all;
    }

    /** The node's pools, gathered once per node and feature set ({@link Pools#gather}). */
    List<Pool> pools(Node node, Features features) throws AllocationException {
        Map<String, String> labels = node.getMetadata() == null || node.getMetadata().getLabels() == null ? Map.of()
                : node.getMetadata().getLabels();
        PoolKey key = new PoolKey(Names.name(node), Map.copyOf(labels), features.partitionableDevices());
        List<Pool> cached = pools.get(key);
        if (cached != null) {
            return cached;
        }
        List<Pool> gathered = Collections.unmodifiableList(
                Pools.gather(slicesFor(Names.name(node)), node, features.partitionableDevices(), slices));
        pools.put(key, gathered);
        return gathered;
    }
}
