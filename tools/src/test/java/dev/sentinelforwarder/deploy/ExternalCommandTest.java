package dev.sentinelforwarder.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A word quoted for the shell means the same when a user pastes it back: a key with an apostrophe included (backfill's hint). */
class ExternalCommandTest {
    @Test
    void everyWordPastedIntoAShellIsTheSameWordAgain() throws Exception {
        List<String> words = List.of("AWSLogs/1/it's here.log.gz", "plain/key.gz", "$HOME `x` \"q\" \\ *", "", "tab\there");
        for (String word : words) {
            Process shell = new ProcessBuilder("bash", "-c", "printf %s " + ExternalCommand.quote(word)).start();
            String echoed = new String(shell.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(shell.waitFor()).isZero();
            assertThat(echoed).as(ExternalCommand.quote(word)).isEqualTo(word);
        }
        assertThat(ExternalCommand.quote("plain/key.gz")).isEqualTo("plain/key.gz");
        assertThat(ExternalCommand.quote("it's")).isEqualTo("'it'\\''s'");
    }
}
