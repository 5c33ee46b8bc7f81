package nnc.check.catalogue;

import java.util.Locale;

/** Allowed numeric interval of an argument; a bound of NaN means unbounded. */
public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {
    public static final Range POSITIVE = new Range(0, false, Double.NaN, false);
    public static final Range NON_NEGATIVE = new Range(0, true, Double.NaN, false);
    /** [0, 1): dropout-like rates. */
    public static final Range RATE = new Range(0, true, 1, false);
    /** [0, 1]: momentum-like factors. */
    public static final Range UNIT = new Range(0, true, 1, true);
    /** (0, 1): probabilities that can be neither end. */
    public static final Range OPEN_UNIT = new Range(0, false, 1, false);

    public boolean contains(double v) {
        if (!Double.isNaN(min) && (minInclusive ? v < min : v <= min)) return false;
        if (!Double.isNaN(max) && (maxInclusive ? v > max : v >= max)) return false;
        return true;
    }

    /** "> 0", ">= 0", "in [0, 1)". */
    public String describe() {
        if (Double.isNaN(max)) return (minInclusive ? ">= " : "> ") + num(min);
        if (Double.isNaN(min)) return (maxInclusive ? "<= " : "< ") + num(max);
        return "in " + (minInclusive ? "[" : "(") + num(min) + ", " + num(max) + (maxInclusive ? "]" : ")");
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%s", d);
    }
}
