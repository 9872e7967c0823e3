package dev.sentinelforwarder.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sentinelforwarder.format.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local SQS endpoint for what the function itself calls on its queue: {@code GetQueueUrl}, {@code
 * ChangeMessageVisibility} (the heartbeat while an object is read) and {@code SendMessage} (handing a large object
 * on), in SQS's JSON protocol. It knows the messages {@link #deliver}ed to the function, so a heartbeat on any
 * other receipt handle is refused as SQS refuses it, and keeps what was sent so {@code local} can deliver it next,
 * as the event source mapping would. Written here because the three calls are all the function makes: an
 * emulator (ElasticMQ) would bring an actor system for them and could not accept the sample events' receipt handles.
 */
public final class LocalSqs implements AutoCloseable {
    /** A message the function sent to a queue. */
    public record Sent(String queueArn, String body, int delaySeconds) {
    }

    private final HttpServer server;
    private final Set<String> receiptHandles = ConcurrentHashMap.newKeySet();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    private LocalSqs(HttpServer server) {
        this.server = server;
    }

    public static LocalSqs start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LocalSqs sqs = new LocalSqs(server);
        server.createContext("/", sqs::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return sqs;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The messages of an SQS event handed to the function: their receipt handles may now be extended. */
    public void deliver(JsonNode event) {
        event.path("Records").forEach(record -> receiptHandles.add(record.path("receiptHandle").asText()));
    }

    /** What the function sent since the last call, oldest first, and forgets it. */
    public List<Sent> takeSent() {
        List<Sent> taken = new ArrayList<>(sent);
        sent.removeAll(taken);
        return taken;
    }

    /** Every call the function made, by its action name ({@code ChangeMessageVisibility}, ...). */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            String action = target == null ? "" : target.substring(target.indexOf('.') + 1);
            calls.add(action);
            JsonNode request = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
            ObjectNode answer = Json.mapper().createObjectNode();
            switch (action) {
                case "GetQueueUrl" -> answer.put("QueueUrl", endpoint() + "/" + request.path("QueueOwnerAWSAccountId").asText("111122223333")
                        + "/" + request.path("QueueName").asText());
                case "ChangeMessageVisibility" -> {
                    if (!receiptHandles.contains(request.path("ReceiptHandle").asText())) {
                        error(exchange, "ReceiptHandleIsInvalid", "The input receipt handle is invalid.");
                        return;
                    }
                }
                case "SendMessage" -> {
                    String body = request.path("MessageBody").asText();
                    sent.add(new Sent(queueArn(request.path("QueueUrl").asText()), body, request.path("DelaySeconds").asInt(0)));
                    answer.put("MessageId", UUID.randomUUID().toString()).put("MD5OfMessageBody", md5(body));
                }
                default -> {
                    error(exchange, "InvalidAction", "The local SQS does not serve " + action);
                    return;
                }
            }
            reply(exchange, 200, answer);
        }
    }

    /** {@code http://127.0.0.1:PORT/<account>/<name>} back to the queue's ARN. */
    private static String queueArn(String url) {
        String[] path = URI.create(url).getPath().split("/");
        return "arn:aws:sqs:us-east-1:" + path[1] + ":" + path[2];
    }

    private static void error(HttpExchange exchange, String code, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-query-error", code + ";Sender");
        reply(exchange, 400, Json.mapper().createObjectNode().put("__type", "com.amazonaws.sqs#" + code).put("message", message));
    }

    private static void reply(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** SQS answers the body's MD5, which the SDK checks. */
    private static String md5(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
