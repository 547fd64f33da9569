package io.mig4j.cli;

import io.mig4j.dra.validation.DraValidator;
import io.mig4j.dra.validation.FieldError;
import io.mig4j.dra.validation.KubernetesVersion;
import io.mig4j.dra.validation.ManifestDocument;
import io.mig4j.dra.validation.ManifestReader;
import io.mig4j.dra.validation.ValidationReport;
import io.mig4j.dra.validation.ValidationWarning;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate Kubernetes manifests as the API server would, one error per line.",
                "YAML or JSON, several documents, any kinds: strict field validation, then the resource.k8s.io rules,",
                "with Kubernetes' field paths and messages. Warnings name what the API server accepts but cannot",
                "work (a selector that never matches, a field a feature gate drops). Exit code 1 when there is an",
                "error (or, with --fail-on-warnings, a warning), 2 when the input cannot be read."})
final class DraValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "<file|->",
            description = "The manifest file; - for standard input.")
    String file;

    @Option(names = "--k8s", paramLabel = "1.34|1.35|1.36|1.37", description = DraCommand.K8S_DESCRIPTION)
    String k8s;

    @Option(names = "--fail-on-warnings", description = "Exit with 1 on warnings too.")
    boolean failOnWarnings;

    @Option(names = "--json", description = "Print one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        KubernetesVersion version = DraCommand.k8s(k8s);
        String source = file.equals("-") ? "-" : file;
        List<ManifestDocument> docs;
        try {
            docs = ManifestReader.forVersion(version).read(DraCommand.readText(file, System.in), source);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
        List<ValidationReport> reports = DraValidator.builder().version(version).build().validateDocuments(docs);
        int errors = reports.stream().mapToInt(r -> r.errors().size()).sum();
        int warnings = reports.stream().mapToInt(r -> r.warnings().size()).sum();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, document(docs, reports, version, errors == 0));
        } else {
            for (int i = 0; i < docs.size(); i++) {
                String where = source + ": " + docs.get(i).describe() + ": ";
                for (FieldError e : reports.get(i).errors()) {
                    out.println(where + e);
                }
                for (ValidationWarning w : reports.get(i).warnings()) {
                    out.println(where + "warning: " + w);
                }
            }
            String summary = docs.size() + " object(s), " + errors + " error(s), " + warnings + " warning(s)"
                    + " (Kubernetes " + version + ")";
            if (errors == 0 && warnings == 0) {
                out.println("valid: " + summary);
            } else {
                spec.commandLine().getErr().println(summary);
            }
        }
        return errors > 0 || (failOnWarnings && warnings > 0) ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    private static Map<String, Object> document(List<ManifestDocument> docs, List<ValidationReport> reports,
                                                KubernetesVersion version, boolean valid) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("kubernetes", version.toString());
        doc.put("valid", valid);
        List<Map<String, Object>> objects = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            ManifestDocument d = docs.get(i);
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("source", d.source());
            o.put("index", d.index());
            o.put("apiVersion", d.apiVersion());
            o.put("kind", d.kind());
            o.put("namespace", d.namespace());
            o.put("name", d.name());
            o.put("errors", reports.get(i).errors().stream().map(e -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("reason", e.type().reason());
                m.put("field", e.field());
                m.put("message", e.body());
                return m;
            }).toList());
            o.put("warnings", reports.get(i).warnings().stream().map(w -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("field", w.field());
                m.put("message", w.message());
                return m;
            }).toList());
            objects.add(o);
        }
        doc.put("objects", objects);
        return doc;
    }
}
