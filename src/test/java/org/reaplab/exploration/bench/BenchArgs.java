package org.reaplab.exploration.bench;

import org.reaplab.variant.Variant;

import java.util.ArrayList;
import java.util.List;

/**
 * The arguments the exploration benches share, read one way: {@code --library}, {@code --sharers 2..8},
 * {@code --variants a,b}, {@code --max-seconds S}, {@code --max-states N}, {@code --no-reduction},
 * {@code --persistent-sets}. A bench starts from its own defaults; an unknown argument is an error.
 *
 * @param minSharers the smallest sharers-N (with {@code maxSharers} below it: none)
 */
record BenchArgs(boolean library, int minSharers, int maxSharers, List<Variant> variants, double maxSeconds,
                 long maxStates, boolean reduction, boolean persistentSets) {

    static BenchArgs parse(String[] args, BenchArgs defaults) {
        boolean library = defaults.library, reduction = defaults.reduction, persistentSets = defaults.persistentSets;
        int minN = defaults.minSharers, maxN = defaults.maxSharers;
        List<Variant> variants = new ArrayList<>(defaults.variants);
        double maxSeconds = defaults.maxSeconds;
        long maxStates = defaults.maxStates;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--library" -> library = true;
                case "--sharers" -> {
                    String[] r = args[++i].split("\\.\\.");
                    minN = Integer.parseInt(r[0]);
                    maxN = Integer.parseInt(r[r.length - 1]);
                }
                case "--variants" -> {
                    variants.clear();
                    for (String v : args[++i].split(",")) variants.add(Variant.byId(v));
                }
                case "--max-seconds" -> maxSeconds = Double.parseDouble(args[++i]);
                case "--max-states" -> maxStates = Long.parseLong(args[++i]);
                case "--no-reduction" -> reduction = false;
                case "--persistent-sets" -> persistentSets = true;
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        return new BenchArgs(library, minN, maxN, List.copyOf(variants), maxSeconds, maxStates, reduction, persistentSets);
    }
}
