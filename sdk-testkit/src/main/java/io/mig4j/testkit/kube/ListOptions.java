package io.mig4j.testkit.kube;

/**
 * The query parameters of a list or watch: selectors, {@code limit}/{@code continue}, {@code resourceVersion}
 * with {@code resourceVersionMatch}, and for watches {@code allowWatchBookmarks}, {@code sendInitialEvents} and
 * {@code timeoutSeconds}.
 */
record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                   String resourceVersion, String resourceVersionMatch, boolean allowWatchBookmarks,
                   Boolean sendInitialEvents, long timeoutSeconds) {
    static final ListOptions ALL = new ListOptions(null, null, 0, null, null, null, false, null, 0);

    static ListOptions selectors(String labelSelector, String fieldSelector) {
        return new ListOptions(labelSelector, fieldSelector, 0, null, null, null, false, null, 0);
    }
}
