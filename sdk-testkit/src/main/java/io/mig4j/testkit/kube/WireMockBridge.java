package io.mig4j.testkit.kube;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.InputStreamSource;
import com.github.tomakehurst.wiremock.core.Options;
import com.github.tomakehurst.wiremock.extension.Parameters;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.AdminRequestHandler;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpServer;
import com.github.tomakehurst.wiremock.http.HttpServerFactory;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.http.StubRequestHandler;
import com.github.tomakehurst.wiremock.jetty11.Jetty11HttpServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import wiremock.org.eclipse.jetty.server.ConnectionFactory;
import wiremock.org.eclipse.jetty.server.Connector;
import wiremock.org.eclipse.jetty.server.HttpConnectionFactory;
import wiremock.org.eclipse.jetty.server.Server;

/**
 * The thin WireMock layer: a request filter that hands every request to {@link ApiHandler} and stops with its
 * answer (no stub matching), a response transformer that turns a watch answer into a streaming body, and a Jetty
 * factory with output aggregation off so that each watch event is flushed as it is written. Together with
 * {@code maxLoggedResponseSize(0)} and {@code gzipDisabled(true)} these are the settings that make WireMock stream.
 */
final class WireMockBridge implements StubRequestFilterV2, ResponseTransformerV2 {
    static final String NAME = "mig4j-kube-api";
    private static final String WATCH_PARAMETER = "mig4j-watch";

    private final ApiHandler handler;
    private final Consumer<ApiExchange> journal;
    private final Map<String, WatchStream> pending = new ConcurrentHashMap<>();

    WireMockBridge(ApiHandler handler, Consumer<ApiExchange> journal) {
        this.handler = handler;
        this.journal = journal;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        String url = request.getUrl();
        int q = url.indexOf('?');
        Map<String, String> headers = new HashMap<>();
        for (HttpHeader h : request.getHeaders().all()) {
            headers.put(h.key().toLowerCase(Locale.ROOT), h.firstValue());
        }
        ApiExchange x = new ApiExchange(request.getMethod().getName(), q < 0 ? url : url.substring(0, q),
                q < 0 ? "" : url.substring(q + 1), headers, request.getBody());
        handler.handle(x);
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition().withStatus(x.status);
        x.responseHeaders.forEach(b::withHeader);
        if (x.stream != null) {
            String id = UUID.randomUUID().toString();
            pending.put(id, x.stream);
            b.withTransformers(NAME).withTransformerParameter(WATCH_PARAMETER, id);
        } else {
            b.withHeader("Content-Length", Integer.toString(x.responseBody.length)).withBody(x.responseBody);
        }
        journal.accept(x);
        return RequestFilterAction.stopWith(b.build());
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        Parameters p = serveEvent.getResponseDefinition().getTransformerParameters();
        Object id = p == null ? null : p.get(WATCH_PARAMETER);
        WatchStream stream = id == null ? null : pending.remove(id.toString());
        if (stream == null) {
            return response;
        }
        return Response.Builder.like(response).but().body(new LazyStreamSource(stream)).build();
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Closes the watches whose streams were never handed to Jetty. */
    void closePending() {
        pending.values().forEach(WatchStream::close);
        pending.clear();
    }

    /**
     * WireMock opens a response body twice: once to log it (reading zero bytes, then closing) and once to send it.
     * Each call gets a view that touches the watch only when read, so the logging pass cannot end it.
     */
    private static final class LazyStreamSource implements InputStreamSource {
        private final WatchStream stream;

        LazyStreamSource(WatchStream stream) {
            this.stream = stream;
        }

        @Override
        public InputStream getStream() {
            return new InputStream() {
                private boolean used;

                @Override
                public int read() throws IOException {
                    used = true;
                    return stream.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    used = true;
                    return stream.read(b, off, len);
                }

                @Override
                public void close() {
                    if (used) {
                        stream.close();
                    }
                }
            };
        }
    }

    /** Jetty as WireMock builds it, with output aggregation off on every HTTP connection factory. */
    static final class StreamingJettyFactory implements HttpServerFactory {
        private volatile Server server;

        @Override
        public String getName() {
            return "mig4j-streaming-jetty";
        }

        Server server() {
            return server;
        }

        @Override
        public HttpServer buildHttpServer(Options options, AdminRequestHandler adminRequestHandler,
                                          StubRequestHandler stubRequestHandler) {
            return new Jetty11HttpServer(options, adminRequestHandler, stubRequestHandler) {
                @Override
                protected void applyAdditionalServerConfiguration(Server jettyServer, Options opts) {
                    super.applyAdditionalServerConfiguration(jettyServer, opts);
                    for (Connector c : jettyServer.getConnectors()) {
                        for (ConnectionFactory f : c.getConnectionFactories()) {
                            if (f instanceof HttpConnectionFactory) {
                                ((HttpConnectionFactory) f).getHttpConfiguration().setOutputAggregationSize(0);
                            }
                        }
                    }
                    server = jettyServer;
                }
            };
        }
    }
}
