package dev.sentinelforwarder.deflate;

import com.fulcrumgenomics.jlibdeflate.LibdeflateCompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Gzips a whole request body in one call. libdeflate when its native library loads: at the same level it
 * spends about a third of zlib's CPU and writes slightly fewer bytes, and deflate of the bodies was most of
 * the CPU per GB. The JDK's zlib otherwise (another platform, a temp directory the library cannot be
 * unpacked to). Which one runs is decided once per process, at class initialisation, so the native library
 * is loaded during the function's init (and SnapStart's snapshot), never on the first request.
 */
public abstract sealed class BodyCompressor permits BodyCompressor.Libdeflate, BodyCompressor.Jdk {
    /**
     * The highest level either compressor takes: libdeflate's; the JDK's stops at 9 and is given at most that.
     * A compile-time constant, so reading it loads nothing native.
     */
    public static final int MAX_LEVEL = LibdeflateCompressor.MAX_LEVEL;

    private static final BodyCompressor LOADED = load();

    /** The compressor this process uses: libdeflate, or the JDK's when libdeflate could not be loaded. */
    public static BodyCompressor loaded() {
        return LOADED;
    }

    /** The JDK's zlib, whatever loaded: for comparisons, and what {@link #loaded()} falls back to. */
    public static BodyCompressor jdk() {
        return Jdk.INSTANCE;
    }

    /** {@code libdeflate} or {@code jdk}: the metrics' {@code Compressor} property, the start line's field and the bench option value. */
    public abstract String id();

    /** Why this is not libdeflate, or null when it is. */
    public abstract String fallbackReason();

    /** True for libdeflate, whose levels are measured per table; false for the JDK's zlib. */
    public boolean isLibdeflate() {
        return this instanceof Libdeflate;
    }

    /** The level this compressor uses for {@code level} (1 to {@link #MAX_LEVEL}). */
    public abstract int effectiveLevel(int level);

    /** A complete gzip member holding {@code data[offset, offset + length)}, deflated at {@code level}. */
    public abstract byte[] gzip(byte[] data, int offset, int length, int level);

    private static BodyCompressor load() {
        try {
            Libdeflate libdeflate = new Libdeflate();
            libdeflate.selfTest();
            Runtime.getRuntime().addShutdownHook(new Thread(libdeflate::closeAll, "libdeflate-close"));
            return libdeflate;
        } catch (LinkageError | RuntimeException e) {
            // The native library did not load or does not round-trip: zlib is slower but always there.
            return new Jdk(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    static void checkLevel(int level) {
        if (level < 1 || level > MAX_LEVEL) {
            throw new IllegalArgumentException("gzip level must be 1 to " + MAX_LEVEL + ", not " + level);
        }
    }

    /**
     * The native compressors, kept for reuse: one may not be used by two threads at once, and the bodies are
     * compressed on the packer's compressor thread and, for a refused request's parts, on the uploader's virtual
     * threads, so a thread-local would make one per short-lived thread. The pool holds as many as ever ran at once.
     */
    static final class Libdeflate extends BodyCompressor {
        @SuppressWarnings("unchecked")
        private final Deque<Native>[] idle = new Deque[MAX_LEVEL + 1];
        /** Every compressor made, to free its native memory at shutdown. */
        private final List<Native> all = new CopyOnWriteArrayList<>();

        Libdeflate() {
            Arrays.setAll(idle, level -> new ConcurrentLinkedDeque<>());
        }

        @Override
        public String id() {
            return "libdeflate";
        }

        @Override
        public String fallbackReason() {
            return null;
        }

        @Override
        public int effectiveLevel(int level) {
            checkLevel(level);
            return level;
        }

        @Override
        public byte[] gzip(byte[] data, int offset, int length, int level) {
            checkLevel(level);
            Native compressor = idle[level].pollFirst();
            if (compressor == null) {
                compressor = new Native(level);
                all.add(compressor);
            }
            try {
                return compressor.gzip(data, offset, length);
            } finally {
                idle[level].addFirst(compressor);
            }
        }

        /** Compresses a small JSON body and reads it back with the JDK: a library that loads but miscompresses is not used. */
        void selfTest() {
            byte[] json = "[{\"TimeGenerated\":\"2026-12-07T00:00:00Z\",\"probe\":\"libdeflate\"}]".getBytes(StandardCharsets.UTF_8);
            byte[] back;
            try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip(json, 0, json.length, 6)))) {
                back = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException("libdeflate wrote gzip the JDK cannot read: " + e.getMessage(), e);
            }
            if (!Arrays.equals(json, back)) {
                throw new IllegalStateException("libdeflate's gzip did not read back to the same bytes");
            }
        }

        void closeAll() {
            all.forEach(Native::close);
        }

        /** Synchronised so that closing at shutdown waits for a compression in progress instead of freeing its memory under it. */
        private static final class Native {
            private final LibdeflateCompressor compressor;

            Native(int level) {
                compressor = new LibdeflateCompressor(level);
            }

            /**
             * Into an array of half the input first (JSON bodies shrink to a fifth or less), the library's bound only
             * when that does not fit: no buffer of a whole body's size is kept, so the heap stays as it was with zlib.
             */
            synchronized byte[] gzip(byte[] data, int offset, int length) {
                byte[] out = new byte[Math.min(length / 2 + 1024, compressor.gzipCompressBound(length))];
                int size = compressor.gzipCompress(data, offset, length, out, 0, out.length);
                if (size <= 0) {
                    out = new byte[compressor.gzipCompressBound(length)];
                    size = compressor.gzipCompress(data, offset, length, out, 0, out.length);
                }
                if (size <= 0) {
                    throw new IllegalStateException("libdeflate could not compress " + length + " bytes within its own bound " + out.length);
                }
                return size == out.length ? out : Arrays.copyOf(out, size);
            }

            synchronized void close() {
                compressor.close();
            }
        }
    }

    /** The JDK's zlib through {@link GZIPOutputStream}, levels above 9 given as 9. */
    static final class Jdk extends BodyCompressor {
        static final Jdk INSTANCE = new Jdk(null);
        private final String fallbackReason;

        Jdk(String fallbackReason) {
            this.fallbackReason = fallbackReason;
        }

        @Override
        public String id() {
            return "jdk";
        }

        @Override
        public String fallbackReason() {
            return fallbackReason;
        }

        @Override
        public int effectiveLevel(int level) {
            checkLevel(level);
            return Math.min(level, Deflater.BEST_COMPRESSION);
        }

        @Override
        public byte[] gzip(byte[] data, int offset, int length, int level) {
            int zlibLevel = effectiveLevel(level);
            ByteArrayOutputStream body = new ByteArrayOutputStream(length / 4 + 64);
            // GZIPOutputStream has no level parameter; its Deflater is a protected field.
            try (GZIPOutputStream gzip = new GZIPOutputStream(body, 64 * 1024) {
                {
                    def.setLevel(zlibLevel);
                }
            }) {
                gzip.write(data, offset, length);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
            return body.toByteArray();
        }
    }
}
