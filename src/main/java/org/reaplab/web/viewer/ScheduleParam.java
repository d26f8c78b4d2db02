package org.reaplab.web.viewer;

import org.reaplab.scenario.ScheduleStep;
import org.reaplab.scenario.StepLimits;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code schedule} URL parameter: comma-separated script items, as in a scenario's schedule
 * ("ps@mmput", "lmkd*", "app"), where {@code name~N} stands for N single steps of one thread, so a
 * forked run of thousands of steps still fits in a link.
 */
public final class ScheduleParam {
    /** A link's script expands to at most the steps of a run. */
    public static final int MAX_ITEMS = StepLimits.RUN;
    /** A step as a script lists it (ScheduleStep), in the characters names use, then an optional {@code ~N}. */
    private static final Pattern ITEM = Pattern.compile("([A-Za-z0-9_.\\-/*@]{1,130})(~[0-9]{1,6})?");

    private ScheduleParam() {}

    /** The script items, with {@code ~N} expanded; null when the parameter is absent or blank. */
    public static List<String> parse(String param) {
        if (param == null || param.isBlank()) return null;
        List<String> out = new ArrayList<>();
        for (String raw : param.split(",")) {
            String item = raw.strip();
            if (item.isEmpty()) continue;
            Matcher m = ITEM.matcher(item);
            if (!m.matches() || ScheduleStep.problem(m.group(1)) != null) {
                throw new BadViewRequest("schedule item '" + abbreviate(item) + "' is not a thread name, thread*, thread@function or thread~count");
            }
            int tilde = item.indexOf('~');
            int n = 1;
            if (tilde > 0) {
                n = Integer.parseInt(item.substring(tilde + 1));
                item = item.substring(0, tilde);
                if (n < 1) throw new BadViewRequest("schedule item '" + raw.strip() + "': the count must be at least 1");
            }
            if (out.size() + n > MAX_ITEMS) throw new BadViewRequest("schedule has more than " + MAX_ITEMS + " steps");
            for (int i = 0; i < n; i++) out.add(item);
        }
        return out.isEmpty() ? null : List.copyOf(out);
    }

    /** The canonical parameter for a list of items: runs of one item written {@code name~N}. */
    public static String format(List<String> items) {
        if (items == null || items.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < items.size()) {
            String item = items.get(i);
            int j = i;
            while (j < items.size() && items.get(j).equals(item)) j++;
            if (b.length() > 0) b.append(',');
            b.append(item);
            if (j - i > 1) b.append('~').append(j - i);
            i = j;
        }
        return b.toString();
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
