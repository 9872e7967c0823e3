package dev.sentinelforwarder.options;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackOptionsTest {
    @Test
    void aMisspeltOptionIsRefusedWithTheOneMeant() {
        assertThat(StackOptions.problems(Map.of("trial", "true"))).containsExactly("unknown option 'trial': did you mean trail?");
        assertThat(StackOptions.problems(Map.of("memorymb", "512"))).containsExactly("unknown option 'memorymb': did you mean memoryMb?");
        assertThat(StackOptions.problems(Map.of("flowLogVpcId", "vpc-0a1b2c3d")))
                .containsExactly("unknown option 'flowLogVpcId': did you mean flowLogVpcIds?");
        assertThat(StackOptions.problems(Map.of("colour", "blue")))
                .containsExactly("unknown option 'colour' (README: Stack options lists them)");
    }

    @Test
    void aBadValueNamesItsOptionAndWhatItTakes() {
        assertThat(StackOptions.problems(Map.of("memoryMb", "abc"))).containsExactly("memoryMb must be a whole number from 128 to 10240, not 'abc'");
        assertThat(StackOptions.problems(Map.of("memoryMb", "20000"))).containsExactly("memoryMb must be a whole number from 128 to 10240, not '20000'");
        assertThat(StackOptions.problems(Map.of("trail", "yes"))).containsExactly("trail must be true or false, not 'yes'");
        assertThat(StackOptions.problems(Map.of("architecture", "arm"))).containsExactly("architecture must be arm64 or x86_64, not 'arm'");
        assertThat(StackOptions.problems(Map.of("flowLogVpcIds", "vpc-0a1b2c3d,subnet-1")))
                .containsExactly("flowLogVpcIds must be a comma-separated list of VPC ids (vpc-...), not 'vpc-0a1b2c3d,subnet-1'");
        assertThat(StackOptions.problems(Map.of("alarmEmail", "secops"))).containsExactly("alarmEmail must be an e-mail address, not 'secops'");
        assertThat(StackOptions.problems(Map.of("filterRules", "{\"drop\":1}")))
                .containsExactly("filterRules must be a JSON list, as text, not '{\"drop\":1}'");
        assertThat(StackOptions.problems(Map.of("notifications", "sns:topic")))
                .containsExactly("notifications must be s3, eventbridge or sns:<topic arn>, not 'sns:topic'");
    }

    @Test
    void everyProblemAtOnce() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("trial", "true");
        values.put("memoryMb", "abc");
        values.put("trail", "true");
        values.put("alarmEmail", "secops@example.com");
        values.put("notifications", "sns:arn:aws:sns:eu-west-1:111122223333:bucket-events");
        assertThat(StackOptions.problems(values)).containsExactly("unknown option 'trial': did you mean trail?",
                "memoryMb must be a whole number from 128 to 10240, not 'abc'");
    }

    @Test
    void aStackWithNoSourceForwardsNothingAndSaysWhatToAdd() {
        assertThat(StackOptions.forwardsNothing(Map.of())).get().asString().startsWith("nothing would reach the forwarder")
                .contains("-c trail=true").contains("-c existingBucketName=").contains("-c sourcesByHand=true");
        assertThat(StackOptions.forwardsNothing(Map.of("trail", "false", "flowLogVpcIds", ""))).isPresent();
        assertThat(StackOptions.forwardsNothing(Map.of("trail", "true"))).isEmpty();
        assertThat(StackOptions.forwardsNothing(Map.of("subscribedLogGroups", "/ecs/web"))).isEmpty();
        assertThat(StackOptions.forwardsNothing(Map.of("sourcesByHand", "true"))).isEmpty();
        assertThat(StackOptions.SOURCES).allSatisfy(name -> assertThat(StackOptions.named(name)).as(name).isPresent());
    }

    @Test
    void defaultsAreValuesTheirOptionsTake() {
        assertThat(StackOptions.ALL).filteredOn(o -> !o.defaultValue().isEmpty() && !o.defaultValue().startsWith("<"))
                .allSatisfy(o -> assertThat(o.problem(o.defaultValue())).as(o.name()).isEmpty());
    }

    @Test
    void distanceIsLevenshteins() {
        assertThat(StackOptions.distance("trial", "trail")).isEqualTo(2);
        assertThat(StackOptions.distance("", "abc")).isEqualTo(3);
        assertThat(StackOptions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(StackOptions.distance("same", "same")).isZero();
    }
}
