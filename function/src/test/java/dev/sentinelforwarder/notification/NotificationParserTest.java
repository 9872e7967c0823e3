package dev.sentinelforwarder.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.pipeline.RecordRanges;
import dev.sentinelforwarder.source.ObjectRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NotificationParserTest {
    private static final Path POWERTOOLS = Path.of("src/test/resources/third-party/powertools-python");

    @Test
    void readsADirectS3Notification() throws Exception {
        assertThat(NotificationParser.parse(read("s3Event.json"))).containsExactly(
                new Notification.ObjectCreated(new ObjectRef("lambda-artifacts-deafc19498e3f2df",
                        "b21b84d653bb07b05b1e6b33684dc11b", null, 1305107, "b21b84d653bb07b05b1e6b33684dc11b")));
    }

    @Test
    void decodesTheKeyAndKeepsTheVersion() throws Exception {
        var notifications = NotificationParser.parse(read("s3EventDecodedKey.json"));

        var object = ((Notification.ObjectCreated) notifications.getFirst()).object();
        assertThat(object.key()).isEqualTo("Happy Face.jpg");
        assertThat(object.versionId()).isEqualTo("version");
        assertThat(object.uri()).isEqualTo("s3://sourcebucket/Happy Face.jpg");
    }

    @Test
    void readsAnEventBridgeObjectCreatedEvent() throws Exception {
        assertThat(NotificationParser.parse(read("s3EventBridgeNotificationObjectCreatedEvent.json"))).containsExactly(
                new Notification.ObjectCreated(new ObjectRef("example-bucket", "IMG_m7fzo3.jpg", null, 184662,
                        "4e68adba0abe2dc8653dc3354e14c01d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nonCreateEvents")
    void acknowledgesEventsThatCarryNoNewData(String file, String eventName) throws Exception {
        assertThat(NotificationParser.parse(read(file))).containsExactly(new Notification.Ignored(eventName));
    }

    static Stream<Arguments> nonCreateEvents() {
        return Stream.of(arguments("s3EventDeleteObject.json", "ObjectRemoved:Delete"),
                arguments("s3EventBridgeNotificationObjectDeletedEvent.json", "Object Deleted"));
    }

    @Test
    void readsTheS3NotificationInsideAnSqsMessage() throws Exception {
        JsonNode event = Json.mapper().readTree(read("s3SqsEvent.json"));
        var notifications = NotificationParser.parse(event.get("Records").get(0).get("body").asText());

        assertThat(notifications).hasSize(1).first().isInstanceOf(Notification.ObjectCreated.class);
        assertThat(((Notification.ObjectCreated) notifications.getFirst()).object().bucket()).isEqualTo("xxx");
    }

    @Test
    void readsEveryRecordOfAMessageAndUnwrapsSns() throws Exception {
        String s3 = """
                {"Records":[
                  {"eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"logs"},"object":{"key":"a+b.json.gz","size":10}}},
                  {"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"logs"},"object":{"key":"old.json.gz"}}},
                  {"eventName":"ObjectCreated:CompleteMultipartUpload","s3":{"bucket":{"name":"logs"},"object":{"key":"a%2Bb.json.gz","size":5000000000,"versionId":"v2"}}}
                ]}""";
        String sns = Json.mapper().createObjectNode().put("Type", "Notification").put("Message", s3).toString();

        List<Notification> notifications = NotificationParser.parse(sns);

        assertThat(notifications).containsExactly(
                new Notification.ObjectCreated(new ObjectRef("logs", "a b.json.gz", null, 10, null)),
                new Notification.Ignored("ObjectRemoved:Delete"),
                new Notification.ObjectCreated(new ObjectRef("logs", "a+b.json.gz", "v2", 5_000_000_000L, null)));
    }

    @Test
    void recognisesTheTestEvent() throws Exception {
        assertThat(NotificationParser.parse("""
                {"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2026-11-22T09:59:00.000Z","Bucket":"logs","RequestId":"1","HostId":"2"}
                """)).containsExactly(new Notification.TestEvent("logs"));
    }

    @Test
    void refusesBodiesThatAreNoS3NotificationSayingWhatTheyWere() throws Exception {
        JsonNode sqs = Json.mapper().readTree(read("sqsEvent.json"));
        JsonNode snsSqs = Json.mapper().readTree(read("snsSqsEvent.json"));

        assertThatThrownBy(() -> NotificationParser.parse(sqs.get("Records").get(0).get("body").asText()))
                .isInstanceOf(UnrecognisedNotificationException.class)
                .hasMessage("body is not JSON: 'Test message.'");
        assertThatThrownBy(() -> NotificationParser.parse(sqs.get("Records").get(1).get("body").asText()))
                .hasMessage("not an S3 notification (no Records, SNS Message, EventBridge aws.s3 detail or s3:TestEvent):"
                        + " '{\"message\": \"foo1\"}'");
        assertThatThrownBy(() -> NotificationParser.parse(snsSqs.get("Records").get(0).get("body").asText()))
                .hasMessageStartingWith("not an S3 notification").hasMessageContaining("hello world");
        assertThatThrownBy(() -> NotificationParser.parse("{\"Records\":[{\"eventName\":\"x\"}]}"))
                .hasMessageStartingWith("a Records entry is not an S3 event record");
    }

    @Test
    void readsBackTheResumeMessageItWrites() throws Exception {
        Resume written = new Resume(new ObjectRef("b", "k/x.log.gz", "v1", -1, "notified"), "\"etag\"",
                RecordRanges.parse("0-1200,1350-2000"), 2, "token-1", "eu");

        assertThat(NotificationParser.parse(written.toJson())).containsExactly(new Notification.ResumeObject(written));
    }

    @Test
    void readsTheFromRecordOfEarlierResumeMessagesAsSettledRecords() throws Exception {
        var notifications = NotificationParser.parse("{\"sentinelForwarderResume\":{\"bucket\":\"b\",\"key\":\"k\",\"eTag\":\"e\","
                + "\"fromRecord\":500}}");

        Resume resume = ((Notification.ResumeObject) notifications.getFirst()).resume();
        assertThat(resume.done().toString()).isEqualTo("0-500");
        assertThat(resume.attempt()).isZero();
        assertThat(resume.handOff()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResumes")
    void refusesResumeMessagesOutOfShape(String why, String resume, String message) {
        assertThatThrownBy(() -> NotificationParser.parse("{\"sentinelForwarderResume\":" + resume + "}"))
                .isInstanceOf(UnrecognisedNotificationException.class).hasMessageStartingWith(message);
    }

    static Stream<Arguments> badResumes() {
        String base = "\"bucket\":\"b\",\"key\":\"k\",\"eTag\":\"e\"";
        return Stream.of(
                arguments("negative fromRecord", "{" + base + ",\"fromRecord\":-1}", "a resume message whose fromRecord is not a record ordinal"),
                arguments("fractional fromRecord", "{" + base + ",\"fromRecord\":1.5}", "a resume message whose fromRecord is not a record ordinal"),
                arguments("no eTag", "{\"bucket\":\"b\",\"key\":\"k\",\"done\":\"0-5\"}", "a resume message needs bucket, key and eTag"),
                arguments("blank bucket", "{\"bucket\":\" \",\"key\":\"k\",\"eTag\":\"e\"}", "a resume message needs bucket, key and eTag"),
                arguments("ranges out of order", "{" + base + ",\"done\":\"10-20,0-5\"}", "a resume message with bad record ranges"),
                arguments("negative range", "{" + base + ",\"done\":\"-5-3\"}", "a resume message with bad record ranges"),
                arguments("empty range", "{" + base + ",\"done\":\"4-4\"}", "a resume message with bad record ranges"),
                arguments("attempt out of range", "{" + base + ",\"attempt\":1000}", "a resume message with an attempt count out of range"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("encodedKeys")
    void decodesObjectKeysExactlyOnce(String encoded, String expected) {
        assertThat(ObjectKeys.decode(encoded)).isEqualTo(expected);
    }

    static Stream<Arguments> encodedKeys() {
        return Stream.of(arguments("a+b.json.gz", "a b.json.gz"),
                arguments("a%2Bb.json.gz", "a+b.json.gz"),
                arguments("a%252B.json.gz", "a%2B.json.gz"),
                arguments("aws-service%3Dvpcflowlogs/x.log.gz", "aws-service=vpcflowlogs/x.log.gz"),
                arguments("caf%C3%A9/x.log.gz", "café/x.log.gz"));
    }

    private static String read(String file) throws IOException {
        return Files.readString(POWERTOOLS.resolve(file));
    }
}
