package org.reaplab.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/reaplab counts the cells an {@code explore} names to pick the compiler, so it must skip the value of
 * every option that takes one: its list of those options is kept equal to the command's declarations.
 */
class LauncherOptionsTest {
    @Test
    void theLauncherSkipsTheValueOfEveryValuedExploreOptionAndNoOther() throws IOException {
        String script = Files.readString(Path.of("bin/reaplab"));
        Matcher m = Pattern.compile("\\n\\s*(--[a-z-]+(?:\\|--[a-z-]+)*)\\) skip=1 ;;").matcher(script);
        assertThat(m.find()).as("bin/reaplab's list of explore options that take a value").isTrue();
        Set<String> skipped = new TreeSet<>(Arrays.asList(m.group(1).split("\\|")));

        Set<String> valued = new TreeSet<>();
        for (List<Option> group : new ExploreCommand().options()) {
            for (Option o : group) if (o.takesValue()) valued.add(o.name());
        }
        assertThat(skipped).isEqualTo(valued);
    }
}
