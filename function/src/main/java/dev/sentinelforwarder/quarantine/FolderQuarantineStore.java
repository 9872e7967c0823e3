package dev.sentinelforwarder.quarantine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Quarantine objects as files under {@code <folder>/<bucket>/<key>}, for local runs. */
public final class FolderQuarantineStore implements QuarantineStore {
    private final Path folder;

    public FolderQuarantineStore(Path folder) {
        this.folder = folder;
    }

    @Override
    public void put(String bucket, String key, byte[] gzipNdjson) throws IOException {
        Path file = folder.resolve(bucket).resolve(key).normalize();
        if (!file.startsWith(folder.normalize())) {
            throw new IOException("quarantine key leaves the folder: " + key);
        }
        Files.createDirectories(file.getParent());
        Files.write(file, gzipNdjson);
    }
}
