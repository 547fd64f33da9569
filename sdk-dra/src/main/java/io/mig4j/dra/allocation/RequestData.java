package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.mig4j.dra.allocation.Pools.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the allocator knows about one request, or one subrequest of a {@code firstAvailable} request
 * ({@code requestData} in {@code allocator_incubating.go}): the request, its parent, its class, how many devices
 * it needs, for {@code All} the devices determined up front, and which devices match its selectors.
 */
final class RequestData {
    final int claimIndex;
    final int requestIndex;
    final int subRequestIndex;
    final Request request;
    /** The {@code firstAvailable} request this subrequest belongs to, null for a plain request. */
    final Request parent;
    DeviceClass deviceClass;
    int numDevices;
    /** For {@code All}: the devices to allocate, decided while validating. */
    List<Candidate> allDevices;
    /** Set on subrequest 0: which subrequest the solution used. */
    int selectedSubRequestIndex;
    /** Selector results per device for this request ({@code deviceMatchesRequest}). */
    Map<DeviceView, Boolean> matches;
    /** The class's and the request's selectors once compiled (on first use, as Kubernetes compiles them). */
    io.mig4j.dra.cel.CompiledSelector[] classSelectors;
    io.mig4j.dra.cel.CompiledSelector[] requestSelectors;

    /** A device with the pool it came from. */
    record Candidate(DeviceView device, Pool pool) {
    }

    RequestData(int claimIndex, int requestIndex, int subRequestIndex, Request request, Request parent) {
        this.claimIndex = claimIndex;
        this.requestIndex = requestIndex;
        this.subRequestIndex = subRequestIndex;
        this.request = request;
        this.parent = parent;
    }

    /** {@code request} or {@code request/subrequest}, as the allocation result names it. */
    String requestName() {
        return parent == null ? request.name() : parent.name() + "/" + request.name();
    }

    /** The top-level request's name. */
    String baseName() {
        return parent == null ? request.name() : parent.name();
    }

    /** The subrequest's name, null for a plain request. */
    String subName() {
        return parent == null ? null : request.name();
    }

    boolean allMode() {
        return Request.ALL.equals(request.allocationMode());
    }

    void startAllDevices() {
        allDevices = new ArrayList<>();
    }
}
