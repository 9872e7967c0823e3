package dev.sentinelforwarder.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One run of a documented CLI ({@code aws}, {@code az}, {@code npx}): its words, the variables set for it and where it
 * runs. {@link #display()} is the line a user could type to do the same by hand.
 *
 * @param environment variables set for this command only, shown before it ({@code AWS_REGION=... npx ...})
 * @param directory where it runs, relative to the repository root; null for the root
 */
public record ExternalCommand(List<String> words, Map<String, String> environment, Path directory) {
    /** Words a POSIX shell reads as they are; {@code <...>} placeholders of a dry run stay readable too. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,<>-]+");

    public ExternalCommand {
        words = List.copyOf(words);
        environment = Map.copyOf(environment);
    }

    public static ExternalCommand of(String... words) {
        return new ExternalCommand(List.of(words), Map.of(), null);
    }

    public ExternalCommand in(Path dir) {
        return new ExternalCommand(words, environment, dir);
    }

    public ExternalCommand with(Map<String, String> variables) {
        return new ExternalCommand(words, variables, directory);
    }

    public String display() {
        String command = words.stream().map(ExternalCommand::quote).collect(Collectors.joining(" "));
        String variables = environment.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + quote(e.getValue()) + " ").collect(Collectors.joining());
        return (directory == null ? "" : "(cd " + quote(directory.toString()) + " && ") + variables + command
                + (directory == null ? "" : ")");
    }

    /** {@code text} as one word of a shell command, whatever it holds: pasted back, it means the same. */
    public static String quote(String text) {
        return !text.isEmpty() && PLAIN.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
    }
}
