package org.reaplab.web.verdicts;

import java.util.Locale;

/** Numbers as the pages write them ("837,244", "5.5 s", "315 k"); the templates know it as {@code fig}. */
public final class Figures {
    static final Figures INSTANCE = new Figures();

    private Figures() {}

    public String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    public String seconds(long millis) {
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    public String rate(double perSecond) {
        if (perSecond >= 1e6) return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        if (perSecond >= 1e4) return String.format(Locale.ROOT, "%,.0f k", perSecond / 1e3);
        return String.format(Locale.ROOT, "%,.0f", perSecond);
    }
}
