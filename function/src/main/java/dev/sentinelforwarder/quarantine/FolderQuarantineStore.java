package dev.sentinelforwarder.quarantine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Quarantine objects as files under {@code <folder>/<bucket>/<key>}, for local runs; keys S3 would refuse (over 1,024
 * UTF-8 bytes) are refused here too, so a local run meets what S3 does.
 */
public final class FolderQuarantineStore implements QuarantineStore {
    private final Path folder;

    public FolderQuarantineStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public void put(String bucket, String key, byte[] gzipNdjson) throws IOException {
        if (key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 1024) {
            throw new IOException("KeyTooLongError: Your key is too long (S3 keys are at most 1,024 UTF-8 bytes): " + key);
        }
        Path file = folder.resolve(bucket).resolve(key).normalize();
        if (!file.startsWith(folder.normalize())) {
            throw new IOException("quarantine key leaves the folder: " + key);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, gzipNdjson);
    }
}
