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
 * reads from it (GetObject, HeadObject) and writes to it (PutObject, the companion's CSV objects), path-style or
 * virtual-hosted, as it would with S3. Written by hand because the S3 emulator libraries on Maven Central bring
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
            headers.set("ETag", "\"" + Long.toHexString(size) + "-" + Long.toHexString(Files.getLastModifiedTime(file).toMillis()) + "\"");
            if (method.equals("HEAD")) {
                headers.set("Content-Length", Long.toString(size));
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (InputStream in = Files.newInputStream(file); OutputStream out = exchange.getResponseBody()) {
                in.transferTo(out);
            }
        }
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
