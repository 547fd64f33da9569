package io.mig4j.testkit.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The workload controllers of kube-controller-manager, as far as DRA tests need them: Deployments own one
 * ReplicaSet per pod template ({@code <deployment>-<pod-template-hash>}, older ones scaled to zero), ReplicaSets
 * keep {@code replicas} pods ({@code <replicaset>-<random>}, pending pods removed first when scaling down), Jobs
 * run pods until {@code completions} succeeded (a test ends pods with {@link FakeCluster#completeJob}).
 * Status is written only when it changes.
 */
final class WorkloadControllers implements Controller {
    private final KubernetesClient client;
    private final ClusterCache cache;
    private final NameGenerator names;

    WorkloadControllers(KubernetesClient client, ClusterCache cache, NameGenerator names) {
        this.client = client;
        this.cache = cache;
        this.names = names;
    }

    @Override
    public String name() {
        return "deployment, replicaset and job controllers";
    }

    @Override
    public void sync() {
        List<Deployment> deployments = cache.deployments.list();
        List<Job> jobs = cache.jobs.list();
        List<ReplicaSet> replicaSets = cache.replicaSets.list();
        if (deployments.isEmpty() && jobs.isEmpty() && replicaSets.isEmpty()) {
            return;
        }
        for (Deployment d : deployments) {
            if (d.getMetadata().getDeletionTimestamp() == null) {
                syncDeployment(d, replicaSets);
            }
        }
        replicaSets = cache.replicaSets.list();
        List<Pod> pods = cache.pods.list();
        for (ReplicaSet rs : replicaSets) {
            if (rs.getMetadata().getDeletionTimestamp() == null) {
                syncReplicaSet(rs, pods);
            }
        }
        for (Deployment d : deployments) {
            if (d.getMetadata().getDeletionTimestamp() == null) {
                deploymentStatus(d, replicaSets);
            }
        }
        for (Job j : jobs) {
            if (j.getMetadata().getDeletionTimestamp() == null) {
                syncJob(j, pods);
            }
        }
    }

    // ------------------------------------------------------------------ Deployments

    private void syncDeployment(Deployment d, List<ReplicaSet> all) {
        String ns = d.getMetadata().getNamespace();
        String hash = podTemplateHash(d.getSpec().getTemplate());
        String rsName = d.getMetadata().getName() + "-" + hash;
        int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        boolean found = false;
        for (ReplicaSet rs : owned(all, d)) {
            boolean current = rs.getMetadata().getName().equals(rsName);
            found |= current;
            int want = current ? replicas : 0;
            if (!Objects.equals(rs.getSpec().getReplicas(), want)) {
                client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName())
                        .edit(x -> {
                            x.getSpec().setReplicas(want);
                            return x;
                        });
            }
        }
        if (found) {
            return;
        }
        ReplicaSet rs = new ReplicaSet();
        rs.setApiVersion("apps/v1");
        rs.setKind("ReplicaSet");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(rsName);
        meta.setNamespace(ns);
        Map<String, String> labels = new LinkedHashMap<>(labels(d.getSpec().getTemplate().getMetadata()));
        labels.put("pod-template-hash", hash);
        meta.setLabels(labels);
        meta.setAnnotations(Map.of("deployment.kubernetes.io/revision", "1",
                "deployment.kubernetes.io/desired-replicas", Integer.toString(replicas),
                "deployment.kubernetes.io/max-replicas", Integer.toString(replicas)));
        meta.setOwnerReferences(List.of(owner("apps/v1", "Deployment", d)));
        rs.setMetadata(meta);
        ReplicaSetSpec spec = new ReplicaSetSpec();
        spec.setReplicas(replicas);
        LabelSelector selector = client.getKubernetesSerialization().clone(d.getSpec().getSelector());
        Map<String, String> match = selector.getMatchLabels() == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(selector.getMatchLabels());
        match.put("pod-template-hash", hash);
        selector.setMatchLabels(match);
        spec.setSelector(selector);
        PodTemplateSpec template = client.getKubernetesSerialization().clone(d.getSpec().getTemplate());
        template.getMetadata().setLabels(labels);
        spec.setTemplate(template);
        rs.setSpec(spec);
        client.apps().replicaSets().inNamespace(ns).resource(rs).create();
    }

    private void deploymentStatus(Deployment d, List<ReplicaSet> all) {
        int replicas = 0;
        int ready = 0;
        int updated = 0;
        String hash = podTemplateHash(d.getSpec().getTemplate());
        for (ReplicaSet rs : owned(all, d)) {
            ReplicaSetStatus s = rs.getStatus();
            int r = s == null || s.getReplicas() == null ? 0 : s.getReplicas();
            int rd = s == null || s.getReadyReplicas() == null ? 0 : s.getReadyReplicas();
            replicas += r;
            ready += rd;
            if (rs.getMetadata().getName().endsWith("-" + hash)) {
                updated += r;
            }
        }
        int want = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        DeploymentStatus cur = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        String available = ready >= want ? "True" : "False";
        if (Objects.equals(cur.getReplicas(), replicas) && Objects.equals(cur.getReadyReplicas(), ready)
                && Objects.equals(cur.getUpdatedReplicas(), updated)
                && Objects.equals(cur.getObservedGeneration(), d.getMetadata().getGeneration())
                && cur.getConditions() != null && cur.getConditions().stream().anyMatch(c ->
                "Available".equals(c.getType()) && available.equals(c.getStatus()))) {
            return;
        }
        int rep = replicas;
        int rd = ready;
        int up = updated;
        String now = now();
        try {
            client.apps().deployments().inNamespace(d.getMetadata().getNamespace()).withName(d.getMetadata().getName())
                    .editStatus(x -> {
                        DeploymentStatus s = new DeploymentStatus();
                        s.setReplicas(rep);
                        s.setReadyReplicas(rd);
                        s.setAvailableReplicas(rd);
                        s.setUpdatedReplicas(up);
                        s.setUnavailableReplicas(Math.max(0, want - rd));
                        s.setObservedGeneration(x.getMetadata().getGeneration());
                        DeploymentCondition c = new DeploymentCondition();
                        c.setType("Available");
                        c.setStatus(available);
                        c.setReason("True".equals(available) ? "MinimumReplicasAvailable"
                                : "MinimumReplicasUnavailable");
                        c.setMessage("True".equals(available) ? "Deployment has minimum availability."
                                : "Deployment does not have minimum availability.");
                        c.setLastUpdateTime(now);
                        c.setLastTransitionTime(now);
                        s.setConditions(List.of(c));
                        x.setStatus(s);
                        return x;
                    });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    /**
     * A pod-template-hash in Kubernetes' alphabet (FNV-32a of the template, in decimal, each digit mapped by
     * {@code SafeEncodeString}); Kubernetes hashes a spew dump of the Go struct, mig4j hashes the JSON, so the
     * values differ from a real cluster's but have the same shape.
     */
    String podTemplateHash(PodTemplateSpec template) {
        byte[] bytes = client.getKubernetesSerialization().asJson(template).getBytes(StandardCharsets.UTF_8);
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        String decimal = Long.toString(h & 0xffffffffL);
        StringBuilder out = new StringBuilder();
        for (char c : decimal.toCharArray()) {
            out.append(NameGenerator.ALPHABET.charAt(c % NameGenerator.ALPHABET.length()));
        }
        return out.toString();
    }

    // ------------------------------------------------------------------ ReplicaSets

    private void syncReplicaSet(ReplicaSet rs, List<Pod> pods) {
        String ns = rs.getMetadata().getNamespace();
        List<Pod> active = new ArrayList<>();
        for (Pod p : owned(pods, rs)) {
            if (p.getMetadata().getDeletionTimestamp() == null && !PodClaims.isTerminal(p)) {
                active.add(p);
            }
        }
        int want = rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        for (int i = active.size(); i < want; i++) {
            active.add(createPod(ns, rs.getMetadata().getName() + "-", rs.getSpec().getTemplate(),
                    owner("apps/v1", "ReplicaSet", rs), Map.of()));
        }
        if (active.size() > want) {
            // controller.ActivePods ordering: unassigned before assigned, pending before running, newer first
            active.sort(Comparator.comparing((Pod p) -> p.getSpec().getNodeName() != null ? 1 : 0)
                    .thenComparing(p -> "Running".equals(p.getStatus().getPhase()) ? 1 : 0)
                    .thenComparing((Pod p) -> p.getMetadata().getCreationTimestamp(), Comparator.reverseOrder()));
            for (Pod p : new ArrayList<>(active.subList(0, active.size() - want))) {
                client.pods().inNamespace(ns).withName(p.getMetadata().getName()).delete();
                active.remove(p);
            }
        }
        int ready = (int) active.stream().filter(p -> "Running".equals(p.getStatus() == null ? null
                : p.getStatus().getPhase())).count();
        ReplicaSetStatus cur = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
        if (Objects.equals(cur.getReplicas(), active.size()) && Objects.equals(cur.getReadyReplicas(), ready)
                && Objects.equals(cur.getObservedGeneration(), rs.getMetadata().getGeneration())) {
            return;
        }
        int n = active.size();
        try {
            client.apps().replicaSets().inNamespace(ns).withName(rs.getMetadata().getName()).editStatus(x -> {
                ReplicaSetStatus s = new ReplicaSetStatus();
                s.setReplicas(n);
                s.setReadyReplicas(ready);
                s.setAvailableReplicas(ready);
                s.setFullyLabeledReplicas(n);
                s.setObservedGeneration(x.getMetadata().getGeneration());
                x.setStatus(s);
                return x;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private Pod createPod(String ns, String generateName, PodTemplateSpec template, OwnerReference owner,
                          Map<String, String> extraLabels) {
        Pod pod = new Pod();
        pod.setApiVersion("v1");
        pod.setKind("Pod");
        ObjectMeta meta = new ObjectMeta();
        meta.setGenerateName(generateName);
        meta.setName(names.generate(generateName));
        meta.setNamespace(ns);
        Map<String, String> labels = new LinkedHashMap<>(labels(template.getMetadata()));
        labels.putAll(extraLabels);
        meta.setLabels(labels);
        if (template.getMetadata() != null && template.getMetadata().getAnnotations() != null) {
            meta.setAnnotations(new LinkedHashMap<>(template.getMetadata().getAnnotations()));
        }
        meta.setOwnerReferences(List.of(owner));
        pod.setMetadata(meta);
        pod.setSpec(client.getKubernetesSerialization().clone(template.getSpec()));
        return client.pods().inNamespace(ns).resource(pod).create();
    }

    // ------------------------------------------------------------------ Jobs

    private void syncJob(Job job, List<Pod> pods) {
        String ns = job.getMetadata().getNamespace();
        int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        int parallelism = job.getSpec().getParallelism() == null ? 1 : job.getSpec().getParallelism();
        List<Pod> mine = owned(pods, job);
        int succeeded = (int) mine.stream().filter(p -> "Succeeded".equals(phase(p))).count();
        int failed = (int) mine.stream().filter(p -> "Failed".equals(phase(p))).count();
        int active = (int) mine.stream().filter(p -> !PodClaims.isTerminal(p)
                && p.getMetadata().getDeletionTimestamp() == null).count();
        boolean complete = succeeded >= completions;
        if (!complete) {
            Map<String, String> labels = Map.of("job-name", job.getMetadata().getName(),
                    "batch.kubernetes.io/job-name", job.getMetadata().getName(),
                    "controller-uid", job.getMetadata().getUid(),
                    "batch.kubernetes.io/controller-uid", job.getMetadata().getUid());
            while (active < Math.min(parallelism, completions - succeeded)) {
                createPod(ns, job.getMetadata().getName() + "-", job.getSpec().getTemplate(),
                        owner("batch/v1", "Job", job), labels);
                active++;
            }
        }
        JobStatus cur = job.getStatus() == null ? new JobStatus() : job.getStatus();
        boolean wasComplete = cur.getConditions() != null && cur.getConditions().stream()
                .anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
        int act = complete ? 0 : active;
        if (Objects.equals(orZero(cur.getActive()), act) && Objects.equals(orZero(cur.getSucceeded()), succeeded)
                && Objects.equals(orZero(cur.getFailed()), failed) && wasComplete == complete
                && cur.getStartTime() != null) {
            return;
        }
        String now = now();
        try {
            client.batch().v1().jobs().inNamespace(ns).withName(job.getMetadata().getName()).editStatus(x -> {
                JobStatus s = x.getStatus() == null ? new JobStatus() : x.getStatus();
                s.setActive(act == 0 ? null : act);
                s.setSucceeded(succeeded == 0 ? null : succeeded);
                s.setFailed(failed == 0 ? null : failed);
                s.setReady(act == 0 ? 0 : act);
                if (s.getStartTime() == null) {
                    s.setStartTime(now);
                }
                if (complete && !wasComplete) {
                    s.setCompletionTime(now);
                    JobCondition crit = new JobCondition();
                    crit.setType("SuccessCriteriaMet");
                    crit.setStatus("True");
                    crit.setReason("CompletionsReached");
                    crit.setMessage("Reached expected number of succeeded pods");
                    crit.setLastProbeTime(now);
                    crit.setLastTransitionTime(now);
                    JobCondition c = new JobCondition();
                    c.setType("Complete");
                    c.setStatus("True");
                    c.setReason("CompletionsReached");
                    c.setMessage("Reached expected number of succeeded pods");
                    c.setLastProbeTime(now);
                    c.setLastTransitionTime(now);
                    s.setConditions(List.of(crit, c));
                }
                x.setStatus(s);
                return x;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404 && e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    private static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    // ------------------------------------------------------------------ helpers

    private static <T extends HasMetadata> List<T> owned(List<T> objects, HasMetadata owner) {
        List<T> out = new ArrayList<>();
        for (T o : objects) {
            OwnerReference r = PodClaims.controllerOf(o);
            if (r != null && owner.getMetadata().getUid().equals(r.getUid())) {
                out.add(o);
            }
        }
        return out;
    }

    private static OwnerReference owner(String apiVersion, String kind, HasMetadata o) {
        OwnerReference r = new OwnerReference();
        r.setApiVersion(apiVersion);
        r.setKind(kind);
        r.setName(o.getMetadata().getName());
        r.setUid(o.getMetadata().getUid());
        r.setController(true);
        r.setBlockOwnerDeletion(true);
        return r;
    }

    private static Map<String, String> labels(ObjectMeta meta) {
        return meta == null || meta.getLabels() == null ? Map.of() : meta.getLabels();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
