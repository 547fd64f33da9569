package io.mig4j.dra.validation;

import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import java.util.List;

/** {@code ValidateNodeSelector} of Kubernetes' core validation ({@code pkg/apis/core/validation/validation.go}). */
final class NodeSelectors {
    private NodeSelectors() {
    }

    static void validate(NodeSelector selector, FieldPath path, Problems p) {
        FieldPath tp = path.child("nodeSelectorTerms");
        List<NodeSelectorTerm> terms = selector.getNodeSelectorTerms();
        if (terms == null || terms.isEmpty()) {
            p.add(FieldError.required(tp, "must have at least one node selector term"));
            return;
        }
        for (int i = 0; i < terms.size(); i++) {
            NodeSelectorTerm term = terms.get(i);
            List<NodeSelectorRequirement> exprs = term.getMatchExpressions();
            for (int j = 0; exprs != null && j < exprs.size(); j++) {
                requirement(exprs.get(j), tp.index(i).child("matchExpressions").index(j), p);
            }
            List<NodeSelectorRequirement> fields = term.getMatchFields();
            for (int j = 0; fields != null && j < fields.size(); j++) {
                fieldRequirement(fields.get(j), tp.index(i).child("matchFields").index(j), p);
            }
        }
    }

    private static void requirement(NodeSelectorRequirement r, FieldPath rp, Problems p) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = ClaimRules.nz(r.getOperator());
        switch (op) {
            case "In", "NotIn" -> {
                if (values.isEmpty()) {
                    p.add(FieldError.required(rp.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
                }
            }
            case "Exists", "DoesNotExist" -> {
                if (!values.isEmpty()) {
                    p.add(FieldError.forbidden(rp.child("values"),
                            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                }
            }
            case "Gt", "Lt" -> {
                if (values.size() != 1) {
                    p.add(FieldError.required(rp.child("values"),
                            "must be specified single value when `operator` is 'Lt' or 'Gt'"));
                }
            }
            default -> p.add(FieldError.invalid(rp.child("operator"), op, "not a valid selector operator"));
        }
        p.addAll(Names.labelName(ClaimRules.nz(r.getKey()), rp.child("key")));
        for (int i = 0; i < values.size(); i++) {
            p.addAll(Names.labelValue(values.get(i), rp.child("values").index(i)));
        }
    }

    private static void fieldRequirement(NodeSelectorRequirement r, FieldPath rp, Problems p) {
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        String op = ClaimRules.nz(r.getOperator());
        if (op.equals("In") || op.equals("NotIn")) {
            if (values.size() != 1) {
                p.add(FieldError.required(rp.child("values"),
                        "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
            }
        } else {
            p.add(FieldError.invalid(rp.child("operator"), op, "not a valid selector operator"));
        }
        if (!"metadata.name".equals(r.getKey())) {
            p.add(FieldError.invalid(rp.child("key"), ClaimRules.nz(r.getKey()), "not a valid field selector key"));
        } else {
            for (int i = 0; i < values.size(); i++) {
                for (String m : Names.dns1123Subdomain(values.get(i))) {
                    p.add(FieldError.invalid(rp.child("values").index(i), values.get(i), m));
                }
            }
        }
    }
}
