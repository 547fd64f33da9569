package io.mig4j.testkit.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceClass;
import io.fabric8.kubernetes.api.model.resource.v1.DeviceTaintRule;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaim;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceClaimTemplate;
import io.fabric8.kubernetes.api.model.resource.v1.ResourceSlice;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The kinds {@link MockKubeApiServer} serves out of the box, with the discovery facts (short names, categories,
 * subresources) of a real 1.37 API server and the fabric8 8.0.0 model class their schema is generated from.
 */
final class BuiltinResources {
    private BuiltinResources() {
    }

    static ResourceType type(String group, String version, String kind, String plural, boolean namespaced,
                             List<String> shortNames, List<String> categories, List<String> subresources) {
        return new ResourceType(group, version, kind, plural, kind.toLowerCase(java.util.Locale.ROOT), namespaced,
                shortNames, categories, subresources);
    }

    static List<ResourceDefinition> all(Supplier<AdmissionValidator> admission, boolean poolNameSelectable) {
        List<ResourceDefinition> defs = new ArrayList<>();
        List<String> none = List.of();
        List<String> status = List.of("status");
        List<String> scalable = List.of("scale", "status");
        List<String> all = List.of("all");

        // core/v1
        defs.add(def(type("", "v1", "Namespace", "namespaces", false, List.of("ns"), none, List.of("status", "finalize")),
                new CoreStrategies.NamespaceStrategy(), Namespace.class));
        defs.add(def(type("", "v1", "Node", "nodes", false, List.of("no"), none, status),
                new CoreStrategies.NodeStrategy(), Node.class));
        defs.add(def(type("", "v1", "Pod", "pods", true, List.of("po"), all, List.of("status", "binding")),
                new CoreStrategies.PodStrategy(), Pod.class));
        defs.add(def(type("", "v1", "ConfigMap", "configmaps", true, List.of("cm"), none, none),
                CoreStrategies.plain(), ConfigMap.class));
        defs.add(def(type("", "v1", "Secret", "secrets", true, none, none, none),
                new CoreStrategies.SecretStrategy(), Secret.class));
        defs.add(def(type("", "v1", "Service", "services", true, List.of("svc"), all, status),
                new CoreStrategies.ServiceStrategy(), Service.class));
        defs.add(def(type("", "v1", "Event", "events", true, List.of("ev"), none, none),
                new CoreStrategies.CoreEventStrategy(), Event.class));
        defs.add(def(type("", "v1", "ServiceAccount", "serviceaccounts", true, List.of("sa"), none, none),
                CoreStrategies.plain(), ServiceAccount.class));

        // apps/v1, batch/v1: storage and status only (no controllers behind them)
        defs.add(def(type("apps", "v1", "Deployment", "deployments", true, List.of("deploy"), all, scalable),
                CoreStrategies.specTracking(), Deployment.class));
        defs.add(def(type("apps", "v1", "ReplicaSet", "replicasets", true, List.of("rs"), all, scalable),
                CoreStrategies.withFieldLabels(KindStrategy.Generation.SPEC, "metadata.name", "metadata.namespace",
                        "status.replicas"), ReplicaSet.class));
        defs.add(def(type("apps", "v1", "StatefulSet", "statefulsets", true, List.of("sts"), all, scalable),
                CoreStrategies.specTracking(), StatefulSet.class));
        defs.add(def(type("apps", "v1", "DaemonSet", "daemonsets", true, List.of("ds"), all, status),
                CoreStrategies.specTracking(), DaemonSet.class));
        defs.add(def(type("batch", "v1", "Job", "jobs", true, none, all, status),
                CoreStrategies.withFieldLabels(KindStrategy.Generation.SPEC, "metadata.name", "metadata.namespace",
                        "status.successful"), Job.class));

        // events.k8s.io/v1, coordination.k8s.io/v1
        defs.add(def(type("events.k8s.io", "v1", "Event", "events", true, List.of("ev"), none, none),
                CoreStrategies.plain(), io.fabric8.kubernetes.api.model.events.v1.Event.class));
        defs.add(def(type("coordination.k8s.io", "v1", "Lease", "leases", true, none, none, none),
                CoreStrategies.plain(), Lease.class));

        // resource.k8s.io/v1
        ResourceType deviceClasses = type("resource.k8s.io", "v1", "DeviceClass", "deviceclasses", false, none, none, none);
        defs.add(def(deviceClasses, new DraStrategies.DeviceClassStrategy(deviceClasses, admission), DeviceClass.class));
        ResourceType claims = type("resource.k8s.io", "v1", "ResourceClaim", "resourceclaims", true, none, none, status);
        defs.add(def(claims, new DraStrategies.ResourceClaimStrategy(claims, admission), ResourceClaim.class));
        ResourceType templates = type("resource.k8s.io", "v1", "ResourceClaimTemplate", "resourceclaimtemplates", true,
                none, none, none);
        defs.add(def(templates, new DraStrategies.ResourceClaimTemplateStrategy(templates, admission),
                ResourceClaimTemplate.class));
        ResourceType slices = type("resource.k8s.io", "v1", "ResourceSlice", "resourceslices", false, none, none, none);
        defs.add(def(slices, new DraStrategies.ResourceSliceStrategy(slices, admission, poolNameSelectable),
                ResourceSlice.class));
        ResourceType taintRules = type("resource.k8s.io", "v1", "DeviceTaintRule", "devicetaintrules", false, none,
                none, status);
        defs.add(def(taintRules, new DraStrategies.DeviceTaintRuleStrategy(taintRules, admission), DeviceTaintRule.class));

        // apiextensions.k8s.io/v1
        defs.add(def(type("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false,
                List.of("crd", "crds"), List.of("api-extensions"), status), new CrdStrategy(),
                CustomResourceDefinition.class));
        return defs;
    }

    private static ResourceDefinition def(ResourceType type, KindStrategy strategy, Class<?> model) {
        return new ResourceDefinition(type, strategy, Schema.of(model));
    }
}
