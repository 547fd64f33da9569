package io.mig4j.dra.validation;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * One object read from a manifest: where it came from, what it is, the typed fabric8 object (null for kinds mig4j does
 * not model), the decoding errors strict field validation reports (unknown fields, wrong types) and notes.
 *
 * @param source       the file name (or {@code -} for standard input)
 * @param index        1-based position of the object in the source (items of a {@code List} count one each)
 * @param apiVersion   as written
 * @param kind         as written
 * @param namespace    {@code metadata.namespace}, or null
 * @param name         {@code metadata.name} (or {@code generateName}), or null
 * @param object       the fabric8 object of the written version with offending fields removed, or null
 * @param decodeErrors what strict decoding reports
 * @param notes        remarks that are not errors (a deprecated version, a kind mig4j does not check)
 * @param original     the object as read, before anything was removed
 */
public record ManifestDocument(String source, int index, String apiVersion, String kind, String namespace, String name,
                               Object object, List<FieldError> decodeErrors, List<ValidationWarning> notes,
                               ObjectNode original) {
    public ManifestDocument {
        decodeErrors = List.copyOf(decodeErrors);
        notes = List.copyOf(notes);
    }

    /** The object as read, as plain maps and lists. */
    public Map<String, Object> raw() {
        return ManifestReader.toMap(original);
    }

    /** {@code Kind namespace/name} (or {@code Kind name}), to say which object a message is about. */
    public String describe() {
        String k = kind == null || kind.isEmpty() ? "object" : kind;
        String n = name == null ? "(unnamed)" : name;
        return namespace == null || namespace.isEmpty() ? k + " " + n : k + " " + namespace + "/" + n;
    }

    /** Whether the object is in group {@code resource.k8s.io}. */
    public boolean isDra() {
        return apiVersion != null && apiVersion.startsWith("resource.k8s.io/");
    }
}
