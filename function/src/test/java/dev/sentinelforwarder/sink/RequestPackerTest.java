package dev.sentinelforwarder.sink;

import static dev.sentinelforwarder.testing.Gzip.gunzip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sentinelforwarder.config.Compression;
import dev.sentinelforwarder.format.Json;
import dev.sentinelforwarder.table.Row;
import dev.sentinelforwarder.table.RowFormat;
import dev.sentinelforwarder.table.Tables;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestPackerTest {
    private final List<PackedRequest> requests = new ArrayList<>();

    @Test
    void packsRowsIntoFullArraysOfAtMostAMillionBytes() throws IOException {
        RequestPacker packer = new RequestPacker(Tables.AWS_CLOUD_WATCH, RowFormat.FULL, Compression.at(6), requests::add);
        Random random = new Random(7);
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            String message = "m" + i + " " + "x".repeat(random.nextInt(2_000));
            messages.add(message);
            packer.pack(row(message), i);
        }
        packer.flush();

        List<String> unpacked = new ArrayList<>();
        for (PackedRequest request : requests) {
            byte[] json = gunzip(request.gzipBody());
            assertThat(json.length).isEqualTo(request.uncompressedBytes()).isLessThanOrEqualTo(RequestPacker.MAX_REQUEST_BYTES);
            JsonNode array = Json.mapper().readTree(json);
            assertThat(array.isArray()).isTrue();
            assertThat(array.size()).isEqualTo(request.rows());
            array.forEach(r -> unpacked.add(r.get("Message").textValue()));
            for (int i = 0; i < request.rows(); i++) {
                assertThat(array.get(i).get("Message").textValue()).startsWith("m" + request.recordIndexes()[i] + " ");
            }
        }
        assertThat(unpacked).containsExactlyElementsOf(messages);
        // Every request but the last is full: the next row would not have fitted.
        for (int i = 0; i < requests.size() - 1; i++) {
            assertThat(requests.get(i).uncompressedBytes()).isGreaterThan(RequestPacker.MAX_REQUEST_BYTES - 2_200);
        }
    }

    @Test
    void sendsNothingForNoRowsAndOneSmallRequestForOneRow() throws IOException {
        RequestPacker packer = new RequestPacker(Tables.AWS_CLOUD_WATCH, RowFormat.FULL, Compression.at(6), requests::add);
        packer.flush();
        assertThat(requests).isEmpty();

        packer.pack(row("only"), 0);
        packer.flush();
        assertThat(requests).hasSize(1);
        assertThat(new String(gunzip(requests.getFirst().gzipBody()))).isEqualTo(
                "[{\"TimeGenerated\":\"2026-11-22T10:15:30Z\",\"ExtractedTime\":\"2026-11-22T10:15:30Z\",\"Message\":\"only\"}]");
    }

    @Test
    void compressingOnTheCallersThreadMakesTheSameRequests() throws IOException {
        List<PackedRequest> inline = new ArrayList<>();
        RequestPacker threaded = new RequestPacker(Tables.AWS_CLOUD_WATCH, RowFormat.FULL, Compression.at(6), requests::add);
        RequestPacker sameThread = new RequestPacker(Tables.AWS_CLOUD_WATCH, RowFormat.FULL, Compression.at(6), inline::add, Runnable::run);
        for (int i = 0; i < 3_000; i++) {
            threaded.pack(row("message " + i + " " + "y".repeat(i % 900)), i);
            sameThread.pack(row("message " + i + " " + "y".repeat(i % 900)), i);
        }
        threaded.flush();
        sameThread.flush();

        assertThat(requests).hasSizeGreaterThan(1).hasSameSizeAs(inline);
        for (int i = 0; i < requests.size(); i++) {
            assertThat(gunzip(requests.get(i).gzipBody())).isEqualTo(gunzip(inline.get(i).gzipBody()));
            assertThat(requests.get(i).recordIndexes()).isEqualTo(inline.get(i).recordIndexes());
        }
    }

    @Test
    void aFailingOutputSurfacesOnTheNextHandOver() throws IOException {
        RequestPacker packer = new RequestPacker(Tables.AWS_CLOUD_WATCH, RowFormat.FULL, Compression.at(6), request -> {
            throw new IllegalStateException("uploader closed");
        });
        packer.pack(row("one"), 0);

        assertThatThrownBy(packer::flush).isInstanceOf(IllegalStateException.class).hasMessage("uploader closed");
    }

    @Test
    void cutsTheLongestValuesOfARowTooLargeForARequestUntilItFits() throws IOException {
        RequestPacker packer = new RequestPacker(Tables.AWS_CLOUD_TRAIL, RowFormat.FULL, Compression.at(6), requests::add);
        Row huge = new Row(Tables.AWS_CLOUD_TRAIL).dateTime("TimeGenerated", Instant.EPOCH).string("EventName", "GetObject");
        String big = "\u0001".repeat(Row.MAX_VALUE_BYTES); // escaped as \\u0001: six bytes each, 1.18 MB of JSON in all
        for (String column : List.of("RequestParameters", "ResponseElements", "AdditionalEventData")) {
            huge.string(column, big);
        }
        assertThat(huge.truncatedValues()).isZero();

        packer.pack(huge, 0);
        packer.flush();

        assertThat(requests).singleElement().satisfies(request -> assertThat(request.uncompressedBytes()).isBetween(500_000, 1_000_000));
        JsonNode row = Json.mapper().readTree(gunzip(requests.getFirst().gzipBody())).get(0);
        for (String column : List.of("RequestParameters", "ResponseElements", "AdditionalEventData")) {
            assertThat(row.get(column).textValue()).isEqualTo("\u0001".repeat(Row.MAX_VALUE_BYTES / 2));
        }
        assertThat(row.get("EventName").textValue()).isEqualTo("GetObject");
        assertThat(huge.truncatedValues()).isEqualTo(3);
    }

    private static Row row(String message) {
        Instant t = Instant.parse("2026-11-22T10:15:30Z");
        return new Row(Tables.AWS_CLOUD_WATCH).dateTime("TimeGenerated", t).dateTime("ExtractedTime", t).string("Message", message);
    }

}
