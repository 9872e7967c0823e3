package dev.sentinelforwarder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * NOTICE names every third-party artifact the Lambda jar bundles (as Maven resolved them for it, in
 * target/bundled-artifacts.txt) with its licence, and every native library inside the jar.
 */
class LicencesIT {
    private static final Path BASE = Path.of(System.getProperty("project.basedir", "."));
    private static final Pattern ARTIFACT = Pattern.compile("(?m)^\\s+([\\w.-]+):([\\w.-]+):jar:");

    @Test
    void noticeNamesEveryBundledArtifactAndNativeLibrary() throws Exception {
        String notice = Files.readString(BASE.resolve("..").resolve("NOTICE"));
        Matcher artifacts = ARTIFACT.matcher(Files.readString(BASE.resolve("target").resolve("bundled-artifacts.txt")));
        int count = 0;
        while (artifacts.find()) {
            count++;
            String group = artifacts.group(1);
            String name = group + ":" + artifacts.group(2);
            assertThat(notice.contains(name) || notice.contains(group + ":*")).as(name + " in NOTICE").isTrue();
        }
        assertThat(count).as("the list is the jar's").isGreaterThan(40);
        try (JarFile jar = new JarFile(BASE.resolve("target").resolve("forwarder.jar").toFile())) {
            List<String> natives = jar.stream().map(ZipEntry::getName).filter(n -> n.matches(".*\\.(so|dll|dylib|jnilib)")).toList();
            assertThat(natives).isNotEmpty().allSatisfy(library -> assertThat(notice).as(library + " in NOTICE").contains(library));
        }
        assertThat(notice).contains("libdeflate: MIT, Copyright Eric Biggers");
    }
}
