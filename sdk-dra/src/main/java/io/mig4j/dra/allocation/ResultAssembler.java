package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.resource.v1.AllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAllocationConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClaimConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClassConfiguration;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequest;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceRequestAllocationResult;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.mig4j.dra.Quantity;
import io.mig4j.dra.allocation.AllocationAttempt.DeviceResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a found solution into {@code status.allocation} objects as Kubernetes stores them (the end of
 * {@code Allocate} and {@code createNodeSelector} in {@code allocator_incubating.go}): results in allocation order
 * with {@code request} or {@code request/subrequest}, admin access, the request's tolerations, share ID, consumed
 * capacity and binding conditions; configs from the classes (each class once, scoped to the requests that used it)
 * then from the claim (when they name a used request or the chosen subrequest), a config that covers every request
 * left unscoped; and the node selector.
 */
final class ResultAssembler {
    static final String FROM_CLASS = "FromClass";
    static final String FROM_CLAIM = "FromClaim";

    private ResultAssembler() {
    }

    static List<AllocationResult> assemble(AllocationAttempt attempt) throws AllocationException {
        List<AllocationResult> out = new ArrayList<>();
        for (int c = 0; c < attempt.claims.size(); c++) {
            ResourceClaim claim = attempt.claims.get(c);
            List<DeviceResult> picked = attempt.results.get(c);
            List<DeviceRequestAllocationResult> results = new ArrayList<>();
            for (DeviceResult r : picked) {
                results.add(result(r, attempt.features.deviceBindingAndStatus()));
            }
            DeviceAllocationResult devices = new DeviceAllocationResult();
            devices.setResults(results);
            devices.setConfig(configs(attempt, c, claim));
            AllocationResult allocation = new AllocationResult();
            allocation.setDevices(devices);
            try {
                allocation.setNodeSelector(nodeSelector(picked, Names.name(attempt.node)));
            } catch (IllegalArgumentException e) {
                throw new AllocationException("create NodeSelector for claim " + Names.name(claim) + ": "
                        + e.getMessage());
            }
            out.add(allocation);
        }
        return out;
    }

    private static DeviceRequestAllocationResult result(DeviceResult r, boolean bindingConditions) {
        DeviceRequestAllocationResult result = new DeviceRequestAllocationResult();
        result.setRequest(r.request().requestName());
        result.setDriver(r.device().id.driver());
        result.setPool(r.device().id.pool());
        result.setDevice(r.device().id.device());
        if (r.request().request.adminAccess()) {
            result.setAdminAccess(Boolean.TRUE);
        }
        result.setTolerations(new ArrayList<>(r.request().request.tolerations()));
        result.setShareID(r.shareId());
        if (r.consumed() != null && !r.consumed().isEmpty()) {
            Map<String, io.fabric8.kubernetes.api.model.Quantity> consumed = new LinkedHashMap<>();
            for (Map.Entry<String, Quantity> e : r.consumed().entrySet()) {
                consumed.put(e.getKey(), e.getValue().toFabric8());
            }
            result.setConsumedCapacity(consumed);
        }
        if (bindingConditions) {
            result.setBindingConditions(new ArrayList<>(r.device().bindingConditions));
            result.setBindingFailureConditions(new ArrayList<>(r.device().bindingFailureConditions));
        }
        return result;
    }

    private static List<DeviceAllocationConfiguration> configs(AllocationAttempt attempt, int c, ResourceClaim claim) {
        List<DeviceAllocationConfiguration> configs = new ArrayList<>();
        RequestData[][] requests = attempt.requests[c];
        Map<String, int[]> classRanges = new HashMap<>();
        for (RequestData[] request : requests) {
            RequestData data = chosen(request);
            DeviceClass deviceClass = data.deviceClass;
            if (deviceClass == null) {
                continue;
            }
            int[] range = classRanges.get(Names.name(deviceClass));
            if (range != null) {
                for (int i = range[0]; i < range[1]; i++) {
                    configs.get(i).getRequests().add(data.requestName());
                }
                continue;
            }
            int start = configs.size();
            for (DeviceClassConfiguration cc : ClaimParts.configs(deviceClass)) {
                configs.add(new DeviceAllocationConfiguration(cc.getOpaque(),
                        new ArrayList<>(List.of(data.requestName())), FROM_CLASS));
            }
            classRanges.put(Names.name(deviceClass), new int[] {start, configs.size()});
        }
        List<DeviceRequest> specRequests = ClaimParts.requests(claim);
        for (DeviceClaimConfiguration cc : ClaimParts.configs(claim)) {
            List<String> names = cc.getRequests() == null ? List.of() : cc.getRequests();
            if (names.isEmpty()) {
                configs.add(new DeviceAllocationConfiguration(cc.getOpaque(), new ArrayList<>(), FROM_CLAIM));
                continue;
            }
            for (int r = 0; r < specRequests.size(); r++) {
                if (names.contains(specRequests.get(r).getName())
                        || (requests[r][0].parent != null && names.contains(chosen(requests[r]).requestName()))) {
                    configs.add(new DeviceAllocationConfiguration(cc.getOpaque(), new ArrayList<>(names), FROM_CLAIM));
                    break;
                }
            }
        }
        // A config for every request says so by naming none ("empty means all").
        for (DeviceAllocationConfiguration config : configs) {
            List<String> names = config.getRequests();
            if (names == null || names.isEmpty()) {
                continue;
            }
            boolean all = true;
            for (int r = 0; r < specRequests.size() && all; r++) {
                all = names.contains(specRequests.get(r).getName())
                        || (requests[r][0].parent != null && names.contains(chosen(requests[r]).requestName()));
            }
            if (all) {
                config.setRequests(new ArrayList<>());
            }
        }
        return configs;
    }

    private static RequestData chosen(RequestData[] request) {
        return request[0].parent == null ? request[0] : request[request[0].selectedSubRequestIndex];
    }

    /**
     * A node-local device (a slice or device {@code nodeName}, or {@code bindsToNode}) pins the allocation to the
     * node; otherwise the single-term node selectors of the devices are merged; devices for all nodes add nothing.
     */
    static NodeSelector nodeSelector(List<DeviceResult> picked, String nodeName) {
        NodeSelectorTerm merged = new NodeSelectorTerm();
        merged.setMatchExpressions(new ArrayList<>());
        merged.setMatchFields(new ArrayList<>());
        for (DeviceResult r : picked) {
            DeviceView d = r.device();
            String name;
            NodeSelector selector;
            if (d.slice.perDeviceNodeSelection) {
                name = d.device.getNodeName();
                selector = d.device.getNodeSelector();
            } else {
                name = d.slice.nodeName;
                selector = d.slice.nodeSelector;
            }
            if ((name != null && !name.isEmpty()) || d.bindsToNode) {
                return NodeSelection.localNode(nodeName);
            }
            if (selector != null && selector.getNodeSelectorTerms() != null) {
                int terms = selector.getNodeSelectorTerms().size();
                if (terms == 1) {
                    NodeSelectorTerm t = selector.getNodeSelectorTerms().get(0);
                    NodeSelection.addNew(t.getMatchFields(), merged.getMatchFields());
                    NodeSelection.addNew(t.getMatchExpressions(), merged.getMatchExpressions());
                } else if (terms > 1) {
                    throw new IllegalArgumentException("unsupported ResourceSlice.NodeSelector with " + terms
                            + " terms");
                }
            }
        }
        if (merged.getMatchFields().isEmpty() && merged.getMatchExpressions().isEmpty()) {
            return null;
        }
        NodeSelector ns = new NodeSelector();
        ns.setNodeSelectorTerms(new ArrayList<>(List.of(merged)));
        return ns;
    }
}
