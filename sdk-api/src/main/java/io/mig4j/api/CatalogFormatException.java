package io.mig4j.api;

/** A product catalog file that does not follow the catalog format; the message names the field path. */
public final class CatalogFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    CatalogFormatException(String path, String message) {
        super("catalog: " + (path.isEmpty() ? "" : path + ": ") + message);
    }
}
