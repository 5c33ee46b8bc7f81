package nnc.syntax;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …" by edit distance (optimal string alignment: insertions, deletions,
 * substitutions and swaps of two neighbours each cost 1). Case differences alone count as
 * the closest possible match. Used for keywords here and for layer, argument, loss and
 * optimizer names by the checker.
 */
public final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code word} within the allowed distance, if any. Ties go to the first. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            if (c.equals(word)) continue;
            int d = c.toLowerCase(Locale.ROOT).equals(lower) ? 0 : distance(lower, c.toLowerCase(Locale.ROOT));
            if (d <= allowed(word) && d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** A hint {@code "did you mean 'x'?"}, or null when nothing is close. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "did you mean '" + c + "'?").orElse(null);
    }

    /** How many edits still count as a likely typo for a word of this length. */
    static int allowed(String word) {
        int n = word.length();
        if (n <= 2) return 0;
        if (n <= 4) return 1;
        if (n <= 8) return 2;
        return 3;
    }

    /** Optimal-string-alignment distance between two strings. */
    public static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[n][m];
    }
}
