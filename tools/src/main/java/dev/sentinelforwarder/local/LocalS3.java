package dev.sentinelforwarder.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * An S3 endpoint over a folder laid out as {@code <bucket>/<key>}, for the local run: the real AWS SDK client
 * reads from it (GetObject, with Range and If-Match for Parquet; HeadObject) and writes to it (PutObject, the
 * companion's CSV objects), path-style or virtual-hosted, as it would with S3. Written by hand because the S3 emulator libraries on Maven Central bring
 * Netty or Spring Boot into the jar and only these three calls are needed here; the tests that need real
 * notifications use moto_server.
 */
public final class LocalS3 implements AutoCloseable {
    private final Path root;
    private final HttpServer server;

    private LocalS3(Path root, HttpServer server) {
        this.root = root;
        this.server = server;
    }

    public static LocalS3 start(Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalS3 s3 = new LocalS3(root.toAbsolutePath().normalize(), server);
        server.createContext("/", s3::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return s3;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The top-level folders: the buckets. */
    public List<String> buckets() throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = virtualHostBucket(exchange) + exchange.getRequestURI().getPath(); // percent-decoded: '+' stays '+'
            int slash = path.indexOf('/', 1);
            String method = exchange.getRequestMethod();
            if (slash < 0 || !(method.equals("GET") || method.equals("HEAD") || method.equals("PUT"))) {
                error(exchange, 405, "MethodNotAllowed", "this local S3 only serves GetObject, HeadObject and PutObject");
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (method.equals("PUT")) {
                put(exchange, file);
                return;
            }
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
                return;
            }
            long size = Files.size(file);
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/octet-stream");
            headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Files.getLastModifiedTime(file).toInstant().atOffset(ZoneOffset.UTC)));
            String eTag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "\"";
            headers.set("ETag", eTag);
            String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
            if (ifMatch != null && !ifMatch.equals(eTag)) {
                headers.remove("ETag");
                error(exchange, 412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold");
                return;
            }
            if (method.equals("HEAD")) {
                headers.set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            long[] range = range(exchange.getRequestHeaders().getFirst("Range"), size);
            if (range == null) {
                error(exchange, 416, "InvalidRange", "The requested range is not satisfiable");
                return;
            }
            long length = range[1] - range[0];
            if (length != size) {
                headers.set("Content-Range", "bytes " + range[0] + "-" + (range[1] - 1) + "/" + size);
            }
            exchange.sendResponseHeaders(length == size ? 200 : 206, length == 0 ? -1 : length);
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.skipNBytes(range[0]);
                byte[] buffer = new byte[64 * 1024];
                for (long left = length; left > 0; ) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer, 0, n);
                    left -= n;
                }
            }
        }
    }

    /**
     * The bytes {@code Range: bytes=FIRST-LAST} asks for, as {@code [start, end)}; the whole object without the header (or with
     * one of another form, as S3 does); null when FIRST lies past the end.
     */
    private static long[] range(String header, long size) {
        if (header == null || !header.matches("bytes=\\d+-\\d*")) {
            return new long[] {0, size};
        }
        String[] ends = header.substring("bytes=".length()).split("-", -1);
        long first = Long.parseLong(ends[0]);
        long last = ends[1].isEmpty() ? size - 1 : Math.min(Long.parseLong(ends[1]), size - 1);
        return first >= size || last < first ? null : new long[] {first, last + 1};
    }

    /** PutObject into the bucket's folder, for the companion's CSV objects: the body as sent, or decoded from aws-chunked. */
    private void put(HttpExchange exchange, Path file) throws IOException {
        Path bucket = file.startsWith(root) && root.relativize(file).getNameCount() > 1 ? root.resolve(root.relativize(file).getName(0)) : null;
        if (bucket == null || !Files.isDirectory(bucket)) {
            error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist.");
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        if ((sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"))) {
            body = unchunked(body);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, body);
        exchange.getResponseHeaders().set("ETag", "\"" + Long.toHexString(body.length) + "\"");
        exchange.sendResponseHeaders(200, -1);
    }

    /** The payload of an aws-chunked body: hex size[;chunk-signature=...] CRLF data CRLF, until a 0 chunk (then trailers). */
    private static byte[] unchunked(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = indexOfCrlf(body, at);
            String header = new String(body, at, lineEnd - at, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(header.split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] bytes, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
                return i;
            }
        }
        return bytes.length;
    }

    /**
     * "/bucket" for a virtual-hosted request ({@code Host: bucket.localhost:port}, as an SDK client with a
     * {@code localhost} endpoint and no path style sends it, when the JVM maps that name to the loopback address),
     * else "" (path style: the bucket is the path's first segment).
     */
    private static String virtualHostBucket(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        int suffix = host == null ? -1 : host.indexOf(".localhost");
        return suffix > 0 ? "/" + host.substring(0, suffix) : "";
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
                + "</Message></Error>").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.sendResponseHeaders(status, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
        if (!exchange.getRequestMethod().equals("HEAD")) {
            exchange.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
