package org.reaplab.design;

/** One value of a {@link Knob}: its id as written in files, URLs and the command line, and what it means. */
public interface Choice {
    String id();

    String doc();
}
