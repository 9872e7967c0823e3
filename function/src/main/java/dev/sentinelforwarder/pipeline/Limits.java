package dev.sentinelforwarder.pipeline;

/**
 * How much of an object the forwarder will read, so hostile or broken input ends as a clear error.
 *
 * @param maxDecompressedBytes most bytes read from one object after decompression
 * @param maxCompressionRatio most decompressed bytes per compressed byte (judged past 64 MB)
 * @param maxLineLength longest text line (or quoted CloudWatch message), in characters; also the longest JSON string
 * @param maxJsonDepth deepest JSON nesting read
 */
public record Limits(long maxDecompressedBytes, long maxCompressionRatio, int maxLineLength, int maxJsonDepth) {
    /** 10 GiB, a ratio of 1000 (text logs compress 5-30x), 8 Mi characters per line, nesting 200 deep. */
    public static final Limits DEFAULTS = new Limits(10L * 1024 * 1024 * 1024, 1000, 8 * 1024 * 1024,
            dev.sentinelforwarder.format.Json.DEFAULT_MAX_DEPTH);
}
