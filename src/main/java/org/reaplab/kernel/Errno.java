package org.reaplab.kernel;

import java.util.Map;

/** Error numbers as the syscalls return them (negative), and their names for outcomes. */
public final class Errno {
    public static final int EPERM = -1;
    public static final int ENOENT = -2;
    public static final int ESRCH = -3;
    public static final int EINTR = -4;
    public static final int EBADF = -9;
    public static final int ECHILD = -10;
    public static final int EAGAIN = -11;
    public static final int ENOMEM = -12;
    public static final int EACCES = -13;
    public static final int EFAULT = -14;
    public static final int EBUSY = -16;
    public static final int EINVAL = -22;
    public static final int ENOSYS = -38;
    public static final int ECONNREFUSED = -111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "-EPERM"), Map.entry(ENOENT, "-ENOENT"), Map.entry(ESRCH, "-ESRCH"),
            Map.entry(EINTR, "-EINTR"), Map.entry(EBADF, "-EBADF"), Map.entry(ECHILD, "-ECHILD"),
            Map.entry(EAGAIN, "-EAGAIN"), Map.entry(ENOMEM, "-ENOMEM"), Map.entry(EACCES, "-EACCES"),
            Map.entry(EFAULT, "-EFAULT"), Map.entry(EBUSY, "-EBUSY"), Map.entry(EINVAL, "-EINVAL"),
            Map.entry(ENOSYS, "-ENOSYS"), Map.entry(ECONNREFUSED, "-ECONNREFUSED"));

    private Errno() {}

    /** "0", "42" or "-ESRCH". */
    public static String name(int ret) {
        if (ret >= 0) return Integer.toString(ret);
        String n = NAMES.get(ret);
        return n != null ? n : Integer.toString(ret);
    }

    /** Parses "-ESRCH", "ESRCH", "0" or "12"; returns null for anything else. */
    public static Integer parse(String text) {
        if (text == null) return null;
        String t = text.strip();
        if (t.matches("-?\\d+")) {
            try {
                return Integer.parseInt(t);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String withMinus = t.startsWith("-") ? t : "-" + t;
        for (Map.Entry<Integer, String> e : NAMES.entrySet()) {
            if (e.getValue().equals(withMinus)) return e.getKey();
        }
        return null;
    }

    /** The canonical spelling of a return value ("-ESRCH", "0"); null when it does not parse. */
    public static String canonical(String text) {
        Integer v = parse(text);
        return v == null ? null : name(v);
    }
}
