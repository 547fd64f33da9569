package io.mig4j.testkit.kube;

/**
 * The query parameters of a write: {@code dryRun=All}, {@code fieldManager}, {@code fieldValidation}
 * ({@code Strict}, {@code Warn}, {@code Ignore}; Warn when absent, as on the real server), {@code force} (apply),
 * and the User-Agent a field manager name defaults to.
 */
record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation, boolean force, String userAgent) {
    static final WriteOptions DEFAULT = new WriteOptions(false, null, "Warn", false, "mig4j");

    WriteOptions {
        if (fieldValidation == null || fieldValidation.isEmpty()) {
            fieldValidation = "Warn";
        }
    }

    boolean strict() {
        return fieldValidation.equals("Strict");
    }

    boolean warn() {
        return fieldValidation.equals("Warn");
    }

    /** The manager an Update is recorded under: fieldManager, else the User-Agent up to its first '/'. */
    String manager() {
        if (fieldManager != null && !fieldManager.isEmpty()) {
            return fieldManager;
        }
        String ua = userAgent == null || userAgent.isEmpty() ? "unknown" : userAgent;
        int slash = ua.indexOf('/');
        return slash < 0 ? ua : ua.substring(0, slash);
    }
}
