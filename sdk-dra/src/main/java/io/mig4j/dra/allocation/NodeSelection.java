package io.mig4j.dra.allocation;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Node selection of slices and devices: {@code NodeMatches} of the allocator (a node name, all nodes, or a
 * {@code NodeSelector} matched as {@code component-helpers/scheduling/corev1/nodeaffinity} matches it) and the
 * {@code nodeSelector} an allocation result gets ({@code createNodeSelector} in {@code allocator_incubating.go}).
 */
final class NodeSelection {
    static final String NAME_FIELD = "metadata.name";

    private NodeSelection() {
    }

    /**
     * Whether a slice or device with this node selection is usable on the node.
     *
     * @throws IllegalArgumentException for a selector Kubernetes cannot parse
     */
    static boolean matches(Node node, String nodeName, boolean allNodes, NodeSelector selector) {
        if (nodeName != null && !nodeName.isEmpty()) {
            return node != null && nodeName.equals(Names.name(node));
        }
        if (allNodes) {
            return true;
        }
        if (selector != null) {
            return matches(node, selector);
        }
        return false;
    }

    /** The terms are ORed; a term without requirements selects nothing. */
    static boolean matches(Node node, NodeSelector selector) {
        Map<String, String> labels = node == null || node.getMetadata() == null || node.getMetadata().getLabels() == null
                ? Map.of() : node.getMetadata().getLabels();
        String name = Names.name(node);
        boolean any = false;
        for (NodeSelectorTerm term : selector.getNodeSelectorTerms()) {
            List<NodeSelectorRequirement> expressions = term.getMatchExpressions();
            List<NodeSelectorRequirement> fields = term.getMatchFields();
            boolean empty = (expressions == null || expressions.isEmpty()) && (fields == null || fields.isEmpty());
            if (empty) {
                continue;
            }
            boolean ok = true;
            for (NodeSelectorRequirement r : expressions == null ? List.<NodeSelectorRequirement>of() : expressions) {
                ok &= requirementMatches(r, labels.get(r.getKey()), labels.containsKey(r.getKey()));
            }
            for (NodeSelectorRequirement r : fields == null ? List.<NodeSelectorRequirement>of() : fields) {
                if (!NAME_FIELD.equals(r.getKey())) {
                    throw new IllegalArgumentException("\"" + r.getKey() + "\" is not a valid field selector key");
                }
                ok &= requirementMatches(r, name, true);
            }
            any |= ok;
        }
        return any;
    }

    private static boolean requirementMatches(NodeSelectorRequirement r, String value, boolean present) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = r.getOperator() == null ? "" : r.getOperator();
        switch (op) {
            case "In":
                requireValues(r, values);
                return present && values.contains(value);
            case "NotIn":
                requireValues(r, values);
                return !present || !values.contains(value);
            case "Exists":
                return present;
            case "DoesNotExist":
                return !present;
            case "Gt":
            case "Lt":
                if (values.size() != 1) {
                    throw new IllegalArgumentException("for 'Gt', 'Lt' operators, exactly one value is required");
                }
                long bound;
                try {
                    bound = Long.parseLong(values.get(0));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("for 'Gt', 'Lt' operators, the value must be an integer");
                }
                if (!present) {
                    return false;
                }
                long actual;
                try {
                    actual = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return false;
                }
                return op.equals("Gt") ? actual > bound : actual < bound;
            default:
                throw new IllegalArgumentException("\"" + op + "\" is not a valid label selector operator");
        }
    }

    private static void requireValues(NodeSelectorRequirement r, List<String> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("for 'in', 'notin' operators, values set can't be empty");
        }
    }

    /** {@code metadata.name In [node]}: the selector of an allocation that uses a node-local device. */
    static NodeSelector localNode(String nodeName) {
        NodeSelector s = new NodeSelector();
        NodeSelectorTerm term = new NodeSelectorTerm();
        term.setMatchFields(new ArrayList<>(List.of(new NodeSelectorRequirementBuilder().withKey(NAME_FIELD)
                .withOperator("In").withValues(nodeName).build())));
        s.setNodeSelectorTerms(new ArrayList<>(List.of(term)));
        return s;
    }

    /** Adds the requirements of {@code from} that {@code to} does not have yet (same key, operator, value set). */
    static void addNew(List<NodeSelectorRequirement> from, List<NodeSelectorRequirement> to) {
        if (from == null) {
            return;
        }
        for (NodeSelectorRequirement r : from) {
            if (!contains(to, r)) {
                to.add(r);
            }
        }
    }

    private static boolean contains(List<NodeSelectorRequirement> list, NodeSelectorRequirement r) {
        Set<String> values = new HashSet<>(r.getValues() == null ? List.of() : r.getValues());
        for (NodeSelectorRequirement e : list) {
            if (String.valueOf(e.getKey()).equals(String.valueOf(r.getKey()))
                    && String.valueOf(e.getOperator()).equals(String.valueOf(r.getOperator()))
                    && new HashSet<>(e.getValues() == null ? List.of() : e.getValues()).equals(values)) {
                return true;
            }
        }
        return false;
    }
}
