package io.mig4j.testkit.kube;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.StandardHttpClient;
import io.fabric8.kubernetes.client.http.StandardHttpClientBuilder;
import io.fabric8.kubernetes.client.http.StandardHttpHeaders;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.fabric8.kubernetes.client.http.StandardWebSocketBuilder;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.fabric8.kubernetes.client.http.WebSocketResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A fabric8 {@link HttpClient} that hands each request straight to the server's {@link ApiHandler}, in the caller's
 * thread, without a socket: what controllers running in the same JVM as {@link MockKubeApiServer} use, so that they
 * pay neither TCP, HTTP framing nor Jetty for in-process work. Requests and answers are byte for byte what the HTTP
 * API exchanges (same handler: authentication, admission, resourceVersions, errors, the request journal), so a
 * fabric8 client on top of it behaves as over HTTP. Watches stream from the store's watcher on a thread of this
 * client; WebSocket upgrades are refused, which is why its clients are configured for HTTP watches only.
 */
final class InProcessHttpClient extends StandardHttpClient<InProcessHttpClient, InProcessHttpClient.Factory,
        InProcessHttpClient.Builder> {
    private final ApiHandler handler;
    private final Consumer<ApiExchange> journal;
    private final ExecutorService watchThreads;

    private InProcessHttpClient(Builder builder, AtomicBoolean closed, ApiHandler handler, Consumer<ApiExchange> journal,
                                ExecutorService watchThreads) {
        super(builder, closed);
        this.handler = handler;
        this.journal = journal;
        this.watchThreads = watchThreads;
    }

    @Override
    public CompletableFuture<WebSocketResponse> buildWebSocketDirect(StandardWebSocketBuilder builder,
                                                                     WebSocket.Listener listener) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(
                "the in-process client serves watches over plain HTTP streaming only"));
    }

    @Override
    public CompletableFuture<HttpResponse<AsyncBody>> consumeBytesDirect(StandardHttpRequest request,
                                                                        AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        ApiExchange x;
        try {
            x = exchange(request);
        } catch (IOException | UncheckedIOException e) {
            return CompletableFuture.failedFuture(e);
        }
        handler.handle(x);
        journal.accept(x);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        x.responseHeaders.forEach((k, v) -> headers.put(k, List.of(v)));
        Body body;
        if (x.stream != null) {
            body = new Body(consumer, new StreamChunks(x.stream), watchThreads);
        } else {
            headers.put("Content-Length", List.of(Integer.toString(x.responseBody.length)));
            body = new Body(consumer, new OneChunk(x.responseBody), null);
        }
        return CompletableFuture.completedFuture(new Response(request, x.status, headers, body));
    }

    private static ApiExchange exchange(StandardHttpRequest request) throws IOException {
        URI uri = request.uri();
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach((k, v) -> {
            if (!v.isEmpty()) {
                headers.put(k.toLowerCase(Locale.ROOT), v.get(0));
            }
        });
        if (request.getContentType() != null) {
            headers.put("content-type", request.getContentType());
        }
        byte[] body = null;
        StandardHttpRequest.BodyContent content = request.body();
        if (content instanceof StandardHttpRequest.StringBodyContent) {
            body = ((StandardHttpRequest.StringBodyContent) content).getContent().getBytes(StandardCharsets.UTF_8);
        } else if (content instanceof StandardHttpRequest.ByteArrayBodyContent) {
            body = ((StandardHttpRequest.ByteArrayBodyContent) content).getContent();
        } else if (content instanceof StandardHttpRequest.InputStreamBodyContent) {
            try (InputStream in = ((StandardHttpRequest.InputStreamBodyContent) content).getContent()) {
                body = in.readAllBytes();
            }
        }
        return new ApiExchange(request.method(), uri.getRawPath(), uri.getRawQuery(), headers, body);
    }

    @Override
    protected void doClose() {
        watchThreads.shutdownNow();
    }

    /** The chunks of one response body. */
    private interface Chunks {
        /** The next chunk, null at the end. */
        byte[] next() throws IOException;

        void close();
    }

    private static final class OneChunk implements Chunks {
        private byte[] body;

        OneChunk(byte[] body) {
            this.body = body;
        }

        @Override
        public byte[] next() {
            byte[] b = body;
            body = null;
            return b == null || b.length == 0 ? null : b;
        }

        @Override
        public void close() {
            body = null;
        }
    }

    /** A watch: each read of the stream is one chunk (a burst of events); empty reads only flush headers. */
    private static final class StreamChunks implements Chunks {
        private final WatchStream stream;
        private final byte[] buffer = new byte[64 * 1024];

        StreamChunks(WatchStream stream) {
            this.stream = stream;
        }

        @Override
        public byte[] next() throws IOException {
            int n;
            do {
                n = stream.read(buffer, 0, buffer.length);
            } while (n == 0);
            return n < 0 ? null : Arrays.copyOf(buffer, n);
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    /**
     * The body as fabric8 consumes it: each {@link #consume()} asks for one more chunk. A plain answer is delivered
     * in the caller's thread; a watch on a thread of the client, which blocks for the next events.
     */
    private static final class Body implements AsyncBody {
        private final AsyncBody.Consumer<List<ByteBuffer>> consumer;
        private final Chunks chunks;
        private final ExecutorService executor;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private int demand;
        private boolean running;

        Body(AsyncBody.Consumer<List<ByteBuffer>> consumer, Chunks chunks, ExecutorService executor) {
            this.consumer = consumer;
            this.chunks = chunks;
            this.executor = executor;
        }

        @Override
        public void consume() {
            if (done.isDone()) {
                return;
            }
            if (executor == null) {
                deliverOne();
                return;
            }
            synchronized (this) {
                demand++;
                if (running) {
                    return;
                }
                running = true;
            }
            try {
                executor.execute(this::pump);
            } catch (RuntimeException e) {
                chunks.close();
                done.completeExceptionally(new IOException("the client is closed", e));
            }
        }

        private void pump() {
            while (true) {
                synchronized (this) {
                    if (demand == 0 || done.isDone()) {
                        running = false;
                        return;
                    }
                    demand--;
                }
                deliverOne();
            }
        }

        private void deliverOne() {
            try {
                byte[] chunk = chunks.next();
                if (chunk == null) {
                    chunks.close();
                    done.complete(null);
                    return;
                }
                consumer.consume(List.of(ByteBuffer.wrap(chunk)), this);
            } catch (Exception e) {
                chunks.close();
                done.completeExceptionally(e);
            }
        }

        @Override
        public CompletableFuture<Void> done() {
            return done;
        }

        @Override
        public void cancel() {
            chunks.close();
            done.cancel(false);
        }
    }

    private static final class Response extends StandardHttpHeaders implements HttpResponse<AsyncBody> {
        private final HttpRequest request;
        private final int code;
        private final AsyncBody body;

        Response(HttpRequest request, int code, Map<String, List<String>> headers, AsyncBody body) {
            super(headers);
            this.request = request;
            this.code = code;
            this.body = body;
        }

        @Override
        public int code() {
            return code;
        }

        @Override
        public AsyncBody body() {
            return body;
        }

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public Optional<HttpResponse<?>> previousResponse() {
            return Optional.empty();
        }
    }

    /** Makes clients that dispatch into one handler. */
    static final class Factory implements HttpClient.Factory {
        private final ApiHandler handler;
        private final Consumer<ApiExchange> journal;

        Factory(ApiHandler handler, Consumer<ApiExchange> journal) {
            this.handler = handler;
            this.journal = journal;
        }

        @Override
        public Builder newBuilder() {
            return new Builder(this);
        }
    }

    /** fabric8's builder; TLS, proxy and timeout settings have nothing to act on in-process and are ignored. */
    static final class Builder extends StandardHttpClientBuilder<InProcessHttpClient, Factory, Builder> {
        Builder(Factory factory) {
            super(factory);
        }

        @Override
        protected Builder newInstance(Factory factory) {
            return new Builder(factory);
        }

        @Override
        public InProcessHttpClient build() {
            if (client != null) {
                // a derived client (other interceptors or tags) shares the parent's watch threads and closed flag
                return new InProcessHttpClient(this, client.getClosed(), client.handler, client.journal,
                        client.watchThreads);
            }
            ExecutorService threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "mig4j-in-process-watch");
                t.setDaemon(true);
                return t;
            });
            return new InProcessHttpClient(this, new AtomicBoolean(), clientFactory.handler, clientFactory.journal,
                    threads);
        }
    }
}
