package dev.sentinelforwarder.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

/**
 * Passes virtual-hosted S3 requests ({@code Host: bucket.localhost:port}, the SDK's default addressing) on to
 * moto_server path-style ({@code /bucket/key}), which is the only style it serves; the SDK has no setting for path
 * style outside code, and a function's code is not ours to change for a measurement. Moto does not check signatures.
 */
public final class PathStyleProxy implements AutoCloseable {
    private static final Set<String> HOP = Set.of("host", "connection", "content-length", "transfer-encoding", "expect",
            "keep-alive", "upgrade");

    private final HttpServer server;
    private final URI target;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private PathStyleProxy(HttpServer server, URI target) {
        this.server = server;
        this.target = target;
    }

    public static PathStyleProxy start(URI target) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        PathStyleProxy proxy = new PathStyleProxy(server, target);
        server.createContext("/", proxy::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return proxy;
    }

    /** What to give a function as AWS_ENDPOINT_URL_S3 (with its buckets as {@code <bucket>.localhost} in its hosts file). */
    public String endpoint() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String host = exchange.getRequestHeaders().getFirst("Host");
            int suffix = host == null ? -1 : host.indexOf(".localhost");
            String bucket = suffix > 0 ? "/" + host.substring(0, suffix) : "";
            String query = exchange.getRequestURI().getRawQuery();
            URI uri = URI.create(target + bucket + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(exchange.getRequestMethod(),
                    body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            response.headers().map().forEach((name, values) -> {
                if (!HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            boolean head = exchange.getRequestMethod().equals("HEAD");
            long length = response.headers().firstValueAsLong("content-length").orElse(response.body().length);
            exchange.sendResponseHeaders(response.statusCode(), head ? -1 : response.body().length == 0 ? -1 : length);
            if (!head && response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
