package dev.sentinelforwarder.local;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A local Lambda Runtime API (2018-06-01) for one function process: {@code invocation/next} hands out the queued
 * events with the headers Lambda sends, {@code /response}, {@code /error} and {@code init/error} complete them.
 * HTTP/1.1 by hand on a plain socket, because the runtime client expects the headers in the exact case Lambda
 * writes them and {@code com.sun.net.httpserver} rewrites header case.
 */
public final class LambdaRuntimeApi implements AutoCloseable {
    static final String PREFIX = "/2018-06-01/runtime/";
    static final String FUNCTION_ARN = "arn:aws:lambda:us-east-1:111122223333:function:sentinel-forwarder:live";

    /** What the function answered: its response body, or an error with its type. */
    public record Result(String requestId, String body, String errorType) {
        public boolean isError() {
            return errorType != null;
        }
    }

    private record Invocation(String requestId, String event, Instant deadline) {
    }

    private final ServerSocket server;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, CompletableFuture<Result>> pending = new ConcurrentHashMap<>();
    private final CompletableFuture<Result> initError = new CompletableFuture<>();
    private volatile boolean closed;

    private LambdaRuntimeApi(ServerSocket server) {
        this.server = server;
    }

    public static LambdaRuntimeApi start() throws IOException {
        LambdaRuntimeApi api = new LambdaRuntimeApi(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(api::accept);
        return api;
    }

    /** What to put in AWS_LAMBDA_RUNTIME_API. */
    public String address() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** Queues an event; the future completes when the function answers. {@code timeout} is the deadline it is given. */
    public CompletableFuture<Result> invoke(String event, Duration timeout) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event, Instant.now().plus(timeout));
        CompletableFuture<Result> result = new CompletableFuture<>();
        pending.put(invocation.requestId(), result);
        queue.add(invocation);
        return result;
    }

    /** Completes when the function reports that it could not start. */
    public CompletableFuture<Result> initError() {
        return initError;
    }

    private void accept() {
        while (!closed) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> serve(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    /** One connection: the client keeps it alive across requests. */
    private void serve(Socket socket) {
        try (socket; InputStream in = new BufferedInputStream(socket.getInputStream()); OutputStream out = socket.getOutputStream()) {
            while (!closed) {
                String requestLine = line(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).strip().toLowerCase(Locale.ROOT), header.substring(colon + 1).strip());
                }
                String body = body(in, headers);
                String[] parts = requestLine.split(" ");
                handle(parts[0], parts[1], headers, body, out);
            }
        } catch (IOException | InterruptedException e) {
            // the function process went away
        }
    }

    private void handle(String method, String path, Map<String, String> headers, String body, OutputStream out)
            throws IOException, InterruptedException {
        if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
            Invocation next = queue.take();
            respond(out, 200, "OK", "Lambda-Runtime-Aws-Request-Id: " + next.requestId() + "\r\n"
                    + "Lambda-Runtime-Deadline-Ms: " + next.deadline().toEpochMilli() + "\r\n"
                    + "Lambda-Runtime-Invoked-Function-Arn: " + FUNCTION_ARN + "\r\n"
                    + "Lambda-Runtime-Trace-Id: Root=1-" + Long.toHexString(Instant.now().getEpochSecond()) + "-"
                    + next.requestId().replace("-", "").substring(0, 24) + ";Parent=0000000000000001;Sampled=0\r\n", next.event());
            return;
        }
        if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
            initError.complete(new Result(null, body, headers.getOrDefault("lambda-runtime-function-error-type", "Unknown")));
            respond(out, 202, "Accepted", "", "{\"status\":\"OK\"}");
            return;
        }
        if (method.equals("POST") && path.startsWith(PREFIX + "invocation/")) {
            String[] segments = path.substring((PREFIX + "invocation/").length()).split("/");
            CompletableFuture<Result> result = segments.length == 2 ? pending.remove(segments[0]) : null;
            if (result == null) {
                respond(out, 400, "Bad Request", "", "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
                return;
            }
            boolean error = segments[1].equals("error");
            result.complete(new Result(segments[0], body,
                    error ? headers.getOrDefault("lambda-runtime-function-error-type", "Unknown") : null));
            respond(out, 202, "Accepted", "", "{\"status\":\"OK\"}");
            return;
        }
        respond(out, 404, "Not Found", "", "{\"errorMessage\":\"no such route\",\"errorType\":\"NotFound\"}");
    }

    private static void respond(OutputStream out, int status, String reason, String headers, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: application/json\r\n" + headers
                + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    /** The request body: by Content-Length, or chunked. */
    private static String body(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].strip(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].strip(), 16)) {
                body.write(in.readNBytes(size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailers
            }
            return body.toString(StandardCharsets.UTF_8);
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    /** A CRLF-terminated line, or null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.US_ASCII);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
    }

    /** Waits for {@code result} at most {@code timeout}. */
    public static Result await(CompletableFuture<Result> result, Duration timeout) throws Exception {
        return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }
}
